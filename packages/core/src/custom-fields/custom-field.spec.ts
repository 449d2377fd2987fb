import type { CustomFieldType } from '@lianxu/db';

/** One custom field as tenant.yaml and the API declare it (defaults: not required, not searchable, shown in form and export). */
export interface CustomFieldSpec {
  /** Key of the value in the employee record; never changes. */
  key: string;
  type: CustomFieldType;
  labels: { 'zh-CN': string; en: string };
  required?: boolean;
  searchable?: boolean;
  showIn?: { form?: boolean; list?: boolean; export?: boolean };
  options?: {
    /** single_select, multi_select */
    choices?: { value: string; labels: { 'zh-CN': string; en: string } }[];
    /** number: numbers; date: YYYY-MM-DD */
    min?: number | string;
    max?: number | string;
    /** text, pattern_text (default 200) */
    maxLength?: number;
    /** pattern_text: the whole value must match `regex`; `message` says what is expected */
    pattern?: { regex: string; message: { 'zh-CN': string; en: string } };
  };
}
