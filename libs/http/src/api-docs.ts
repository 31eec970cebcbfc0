// What every endpoint documents beside its own answer: the error body all errors share (one
// filter writes it, errors.filter.ts), and the 400 of an endpoint that takes a body or a query.
import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemDto {
  @ApiProperty({ example: 'amount' }) field!: string;
  @ApiProperty({ example: 'amount must not be negative' }) reason!: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'BAD_REQUEST' }) error!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable machine-readable reason' }) code!: string;
  @ApiProperty({ example: 'amount: amount must not be negative' }) message!: string;
  @ApiPropertyOptional({ description: 'the first field at fault' }) field?: string;
  @ApiPropertyOptional({ type: [ProblemDto], description: 'every field at fault, with the reason' })
  problems?: ProblemDto[];
}

/** 400 for an endpoint with a body or query parameters: which field, and why. Nothing is written. */
export const ApiInvalidInput = (what = 'a body field or query parameter') =>
  applyDecorators(
    ApiBadRequestResponse({
      type: ErrorResponseDto,
      description: `VALIDATION_FAILED (or BODY_TOO_DEEP, LIST_TOO_LONG, a repeated query parameter): ${what} is malformed; problems[] names each field and the reason`,
    }),
  );
