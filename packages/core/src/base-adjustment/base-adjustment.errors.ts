import { DomainError, type LocalizedText } from '../shared/index';

export type BaseAdjustmentErrorStatus = 400 | 404 | 409;

/** A refused base-adjustment operation: nothing was written. */
export class BaseAdjustmentError extends DomainError {
  declare readonly status: BaseAdjustmentErrorStatus;
  constructor(status: BaseAdjustmentErrorStatus, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'BaseAdjustmentError';
  }
}

export function adjustmentInvalid(field: string, zh: string, en: string): BaseAdjustmentError {
  return new BaseAdjustmentError(400, 'validation_failed', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { [field]: { 'zh-CN': zh, en } });
}

export function adjustmentNotFound(): BaseAdjustmentError {
  return new BaseAdjustmentError(404, 'not_found', { 'zh-CN': '没有这次基数调整', en: 'No such base adjustment' }, { id: { 'zh-CN': '没有这次基数调整', en: 'No such base adjustment' } });
}

export function adjustmentDecided(state: string): BaseAdjustmentError {
  return new BaseAdjustmentError(409, 'base_adjustment_decided', {
    'zh-CN': state === 'applied' ? '这次基数调整已确认并生效' : state === 'cancelled' ? '这次基数调整已取消' : state === 'unconfirmed' ? '这次基数调整还未确认，确认后才能下载申报表' : '这次基数调整还在计算中，请稍后再试',
    en: state === 'applied' ? 'This base adjustment was confirmed and applied' : state === 'cancelled' ? 'This base adjustment was cancelled'
      : state === 'unconfirmed' ? 'This base adjustment is not confirmed yet; the filing sheet is ready once it is' : 'This base adjustment is still being prepared; try again shortly',
  });
}

/** The preview is stored but its workflow is not waiting any more (terminated): starting the city's year again resumes it. */
export function adjustmentNotWaiting(): BaseAdjustmentError {
  return new BaseAdjustmentError(409, 'base_adjustment_not_waiting', {
    'zh-CN': '这次基数调整的流程已停止，请重新开始该城市这一年度的调整（预览会保留），然后再确认或取消',
    en: 'This adjustment is no longer waiting for a decision; start the city’s policy year again (the preview is kept), then confirm or cancel',
  });
}
