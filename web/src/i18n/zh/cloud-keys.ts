// Chinese (简体中文) console strings, area: cloud keys and callback format (compat); typed so a key missing from or extra to en/cloud-keys.ts is a type error.
import type { cloudKeysEn } from '../en/cloud-keys.ts';

export const cloudKeysZh: Record<keyof typeof cloudKeysEn, string> = {
  'cloudKeys.title': '云密钥（阿里云 / 腾讯云兼容接口）',
  'cloudKeys.help': 'AccessKeyId 和密钥用于签名发往 /aliyun/ 和 /tencent/ 的请求：按阿里云或腾讯云短信接口写的程序只需改接入地址即可迁移。',
  'cloudKeys.create': '新建云密钥',
  'cloudKeys.shownOnce': '请立即复制 AccessKeySecret，之后不再显示。',
  'cloudKeys.format': '状态回执格式',
  'cloudKeys.formatSaved': '回执格式已保存',
  'cloudKeys.format.auto': '按消息提交所用的接口',
  'cloudKeys.format.kuaixin': '快信回调',
  'cloudKeys.format.aliyun': '阿里云 SmsReport',
  'cloudKeys.format.tencent': '腾讯云状态回调',
};
