// Our refusal codes in the words of Aliyun dysmsapi (isv.* / isp.*) and Tencent Cloud sms (Category.Reason),
// so an integration written against either cloud handles our refusals as it handled theirs.
import type { ErrorCode } from '../../core/errors.ts';

/** A refusal about the template or the signature names the field; the rest are told apart by code. */
type Field = string | undefined;

function isSignature(field: Field): boolean {
  return field === 'signatureId' || field === 'signature';
}

export function aliyunCode(code: ErrorCode, field: Field): string {
  switch (code) {
    case 'invalid_number':
      return 'isv.MOBILE_NUMBER_ILLEGAL';
    case 'too_many_recipients':
      return 'isv.MOBILE_COUNT_OVER_LIMIT';
    case 'template_invalid':
    case 'template_not_approved':
      return 'isv.SMS_TEMPLATE_ILLEGAL';
    case 'signature_invalid':
    case 'signature_not_approved':
      return 'isv.SMS_SIGNATURE_ILLEGAL';
    case 'not_found':
      return isSignature(field) ? 'isv.SMS_SIGNATURE_ILLEGAL' : 'isv.SMS_TEMPLATE_ILLEGAL';
    case 'missing_parameter':
      return 'isv.TEMPLATE_MISSING_PARAMETERS';
    case 'insufficient_balance':
      return 'isv.AMOUNT_NOT_ENOUGH';
    case 'frequency_limited':
    case 'no_consent':
      return 'isv.BUSINESS_LIMIT_CONTROL';
    case 'blacklisted':
    case 'content_blocked':
      return 'isv.BLACK_KEY_CONTROL_LIMIT';
    case 'text_too_long':
      return 'isv.PARAM_LENGTH_LIMIT';
    case 'rate_limited':
      return 'Throttling.User';
    case 'no_route':
    case 'no_price':
      return 'isv.OUT_OF_SERVICE';
    case 'forbidden':
      return 'isv.ACCOUNT_ABNORMAL';
    case 'unavailable':
    case 'upstream_unavailable':
    case 'internal':
      return 'isp.SYSTEM_ERROR';
    default:
      return 'isv.INVALID_PARAMETERS';
  }
}

export function tencentCode(code: ErrorCode, field: Field): string {
  switch (code) {
    case 'invalid_number':
      return 'InvalidParameterValue.IncorrectPhoneNumber';
    case 'too_many_recipients':
      return 'LimitExceeded.PhoneNumberCountLimit';
    case 'template_invalid':
    case 'template_not_approved':
      return 'FailedOperation.TemplateIncorrectOrUnapproved';
    case 'signature_invalid':
    case 'signature_not_approved':
      return 'FailedOperation.SignatureIncorrectOrUnapproved';
    case 'not_found':
      return isSignature(field) ? 'FailedOperation.SignatureIncorrectOrUnapproved' : 'FailedOperation.TemplateIncorrectOrUnapproved';
    case 'missing_parameter':
      return 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate';
    case 'insufficient_balance':
      return 'FailedOperation.InsufficientBalanceInSmsPackage';
    case 'frequency_limited':
      return 'LimitExceeded.PhoneNumberDailyLimit';
    case 'blacklisted':
    case 'no_consent':
      return 'FailedOperation.PhoneNumberInBlacklist';
    case 'content_blocked':
      return 'FailedOperation.ContentAndTemplateMismatch';
    case 'text_too_long':
      return 'InvalidParameterValue.ContentLengthLimit';
    case 'rate_limited':
      return 'RequestLimitExceeded';
    case 'no_route':
    case 'no_price':
      return 'UnsupportedOperation.UnsupportedRegion';
    case 'forbidden':
      return 'UnauthorizedOperation.SmsSdkAppIdVerifyFail';
    case 'unavailable':
    case 'upstream_unavailable':
    case 'internal':
      return 'InternalError';
    default:
      return 'InvalidParameterValue';
  }
}
