import { AppError } from '@causeway/platform';

export enum InvitationsErrorCode {
  /** Unknown, already used or expired: one answer, so a token reveals nothing by its failure. */
  InvalidToken = 'INVITATION_INVALID_TOKEN',
  SignInRequired = 'INVITATION_SIGN_IN_REQUIRED',
  WrongAccount = 'INVITATION_WRONG_ACCOUNT',
  PasswordRequired = 'INVITATION_PASSWORD_REQUIRED',
  PasswordNotAllowed = 'INVITATION_PASSWORD_NOT_ALLOWED',
  AlreadyMember = 'INVITATION_ALREADY_MEMBER',
}

const codes = {
  [InvitationsErrorCode.InvalidToken]: 'not_found',
  [InvitationsErrorCode.SignInRequired]: 'unauthenticated',
  [InvitationsErrorCode.WrongAccount]: 'forbidden',
  [InvitationsErrorCode.PasswordRequired]: 'invalid_input',
  [InvitationsErrorCode.PasswordNotAllowed]: 'invalid_input',
  [InvitationsErrorCode.AlreadyMember]: 'conflict',
} as const;

const fields: Partial<Record<InvitationsErrorCode, string>> = {
  [InvitationsErrorCode.InvalidToken]: 'token',
  [InvitationsErrorCode.PasswordRequired]: 'password',
  [InvitationsErrorCode.PasswordNotAllowed]: 'password',
  [InvitationsErrorCode.AlreadyMember]: 'email',
};

export class InvitationsError extends AppError {
  constructor(
    readonly reason: InvitationsErrorCode,
    message: string,
  ) {
    const field = fields[reason];
    super(codes[reason], message, field ? { field } : {});
  }
}
