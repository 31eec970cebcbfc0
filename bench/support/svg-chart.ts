// A dependency-free SVG line chart, enough for "latency against load": one or more series of
// (x, y) points on linear axes with ticks, a legend and axis titles.
export interface Series {
  name: string;
  points: Array<[number, number]>;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

export function lineChart(series: Series[], options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const pad = { left: 70, right: 170, top: 40, bottom: 55 };
  const all = series.flatMap((s) => s.points);
  const maxX = niceMax(Math.max(1, ...all.map((p) => p[0])));
  const maxY = niceMax(Math.max(1e-3, ...all.map((p) => p[1])));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const sx = (x: number) => pad.left + (x / maxX) * plotW;
  const sy = (y: number) => pad.top + plotH - (y / maxY) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2 - pad.right / 2}" y="22" text-anchor="middle" font-size="15">${escape(options.title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const x = (maxX / 5) * i;
    const y = (maxY / 5) * i;
    parts.push(
      `<line x1="${sx(x)}" y1="${pad.top}" x2="${sx(x)}" y2="${pad.top + plotH}" stroke="#eee"/>`,
      `<text x="${sx(x)}" y="${pad.top + plotH + 18}" text-anchor="middle">${formatTick(x)}</text>`,
      `<line x1="${pad.left}" y1="${sy(y)}" x2="${pad.left + plotW}" y2="${sy(y)}" stroke="#eee"/>`,
      `<text x="${pad.left - 8}" y="${sy(y) + 4}" text-anchor="end">${formatTick(y)}</text>`,
    );
  }
  parts.push(
    `<rect x="${pad.left}" y="${pad.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${pad.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escape(options.xLabel)}</text>`,
    `<text transform="translate(18 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const sorted = [...s.points].sort((a, b) => a[0] - b[0]);
    const path = sorted.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const [x, y] of sorted) parts.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${colour}"/>`);
    const ly = pad.top + 10 + i * 18;
    parts.push(
      `<line x1="${width - pad.right + 12}" y1="${ly}" x2="${width - pad.right + 32}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${width - pad.right + 38}" y="${ly + 4}">${escape(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Rounds an axis maximum up to 1, 2 or 5 × 10^n so ticks are readable. */
function niceMax(value: number): number {
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  const step = [1, 2, 5, 10].find((m) => m * base >= value) ?? 10;
  return step * base;
}

function formatTick(n: number): string {
  if (n >= 1000) return `${Number((n / 1000).toFixed(1))}k`;
  return String(Number(n.toFixed(2)));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
