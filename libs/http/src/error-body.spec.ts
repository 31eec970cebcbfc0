// error-body.ts takes HttpException and HttpStatus from @nestjs/common's own modules, not its
// index, and toBody tells Nest's exceptions by instanceof: if an upgrade ever made those modules
// other copies than the index's, a Nest exception would turn into a 500 without a word.
import * as nestCommon from '@nestjs/common';
import { BadRequestException, HttpStatus } from '@nestjs/common';
import { HttpException } from '@nestjs/common/exceptions/http.exception';
import { HttpStatus as OwnModuleHttpStatus } from '@nestjs/common/enums/http-status.enum';
import { toBody } from './error-body';

describe('toBody and the @nestjs/common modules it imports', () => {
  it('uses the very classes the @nestjs/common index exports', () => {
    expect(HttpException).toBe(nestCommon.HttpException);
    expect(OwnModuleHttpStatus).toBe(HttpStatus);
  });

  it("keeps a Nest exception's client status", () => {
    expect(toBody(new BadRequestException('no such thing'))).toMatchObject({ statusCode: 400 });
  });
});
