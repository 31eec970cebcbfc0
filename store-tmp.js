require('./dist/apps/runtime-paths.js');
const {SqliteEventStore}=require('@ledger/event-store-sqlite');
const {randomUUID}=require('crypto');const fs=require('fs');
const per=+process.argv[2]||1;
const dir='/tmp/storebench';fs.rmSync(dir,{recursive:true,force:true});fs.mkdirSync(dir);
const store=SqliteEventStore.open({file:dir+'/events.sqlite'});
const N=92000;const customers=23000;
const meta=(i)=>({commandId:'imp:b5Ixr18IAGPbrDllWS4avHUM6lCVA'+i,correlationId:'imp:b5Ixr18IAGPbrDllWS4avHUM6lCVA'+i,causationId:'imp:b5Ixr18IAGPbrDllWS4avHUM6lCVA'+i,actor:'import',channel:'import',requestHash:'T6fF6WWvcxA24itr-_ACVgfE6Y1sCVq1h8veNtv8uk4'});
const data=(c,i)=>({customerId:String(c).padStart(5,'0'),orderId:String(c).padStart(5,'0')+'-1997010'+(i%10),occurredAt:'1997-01-04T00:00:00.000Z',channel:'web',currency:'USD',amount:53.46,lines:[{sku:'CD',quantity:6,unitPrice:8.91,lineTotal:53.46}]});
const revs=new Map();
async function main(){
 const t0=process.cpuUsage();const w0=Date.now();
 for(let b=0;b<N;b+=1000){
   const ps=[];
   for(let i=b;i<b+1000;i+=per){const c=Math.floor(i*customers/N);const sid='customer-'+c;const r=revs.has(sid)?revs.get(sid):'no_stream';revs.set(sid,(r==='no_stream'?-1:r)+per);
     const evs=[];for(let k=0;k<per;k++)evs.push({eventId:randomUUID(),type:'PurchaseRecorded',schemaVersion:1,data:data(c,i+k),metadata:meta(i+k)});
     ps.push(store.append(sid,evs,r));}
   await Promise.all(ps);
 }
 const c=process.cpuUsage(t0);console.log('per',per,'cpu ms',(c.user+c.system)/1000,'wall',Date.now()-w0,store.stats());
 await store.close();
}
main();
