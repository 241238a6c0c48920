// English console strings, area: cloud keys and callback format (compat).

export const cloudKeysEn = {
  'cloudKeys.title': 'Cloud keys (Aliyun / Tencent Cloud compatible APIs)',
  'cloudKeys.help': 'An AccessKeyId and secret sign requests to /aliyun/ and /tencent/, so an integration written for Aliyun or Tencent Cloud SMS moves over by changing its endpoint.',
  'cloudKeys.create': 'New cloud key',
  'cloudKeys.shownOnce': 'Copy the AccessKeySecret now: it is not shown again.',
  'cloudKeys.format': 'Status callback shape',
  'cloudKeys.formatSaved': 'Callback shape saved',
  'cloudKeys.format.auto': 'As the API the message came through',
  'cloudKeys.format.kuaixin': 'Kuaixin webhook',
  'cloudKeys.format.aliyun': 'Aliyun SmsReport',
  'cloudKeys.format.tencent': 'Tencent Cloud status callback',
};
