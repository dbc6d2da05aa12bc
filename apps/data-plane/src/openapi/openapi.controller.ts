import { Controller, Get } from '@nestjs/common';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

let document: OpenApiDocument | undefined;

/** `GET /openapi.json`, public: describing the API reveals nothing a key holder could not learn. */
@Controller()
export class OpenApiController {
  @Get('openapi.json')
  get(): OpenApiDocument {
    // Built on first use, then kept: it depends only on code.
    document ??= buildOpenApiDocument();
    return document;
  }
}
