/**
 * Assignment by score (seed scenario 3): score ≥ gold threshold (80) → the "gold" sales user,
 * ≥ sales threshold (60) → the sales user, otherwise the public pool (公海). Pure functions.
 */
import { str } from '../../shared/text';

export interface AssignmentRule {
	goldThreshold: number;
	goldUserId: string;
	salesThreshold: number;
	salesUserId: string;
}

export const DEFAULT_ASSIGNMENT_THRESHOLDS = { gold: 80, sales: 60 } as const;

export type AssignmentTier = 'gold' | 'sales' | 'pool';

export type AssignmentTarget =
	| { tier: 'gold' | 'sales'; mode: 'user'; userId: string }
	| { tier: 'pool'; mode: 'pool' };

export type RuleCheck = { ok: true } | { ok: false; reasonZh: string; reasonEn: string };

/** Whether the rule can work: thresholds ordered and in range, users chosen. */
export function checkAssignmentRule(rule: AssignmentRule): RuleCheck {
	const { goldThreshold: gold, salesThreshold: sales } = rule;
	if (!Number.isFinite(gold) || !Number.isFinite(sales) || gold < 0 || gold > 100 || sales < 0 || sales > 100) {
		return { ok: false, reasonZh: '分配阈值必须在 0–100 之间', reasonEn: 'assignment thresholds must be between 0 and 100' };
	}
	if (gold < sales) {
		return {
			ok: false,
			reasonZh: `金牌销售阈值（${gold}）不能低于销售阈值（${sales}）`,
			reasonEn: `the gold threshold (${gold}) must not be below the sales threshold (${sales})`,
		};
	}
	if (!str(rule.goldUserId)) {
		return { ok: false, reasonZh: '请选择金牌销售人员', reasonEn: 'choose the gold sales user' };
	}
	if (!str(rule.salesUserId)) {
		return { ok: false, reasonZh: '请选择销售人员', reasonEn: 'choose the sales user' };
	}
	return { ok: true };
}

export function tierForScore(score: number, rule: Pick<AssignmentRule, 'goldThreshold' | 'salesThreshold'>): AssignmentTier {
	if (score >= rule.goldThreshold) return 'gold';
	if (score >= rule.salesThreshold) return 'sales';
	return 'pool';
}

/** Where a customer with this (valid, 0–100) score goes. */
export function assignmentForScore(score: number, rule: AssignmentRule): AssignmentTarget {
	const tier = tierForScore(score, rule);
	if (tier === 'gold') return { tier, mode: 'user', userId: str(rule.goldUserId) };
	if (tier === 'sales') return { tier, mode: 'user', userId: str(rule.salesUserId) };
	return { tier, mode: 'pool' };
}

/** Owner ids from an owner column ("61", "61,62", "" / "0" = public pool). */
export function ownerIds(owner: unknown): string[] {
	return String(owner ?? '')
		.split(/[,，]/)
		.map((id) => id.trim())
		.filter((id) => id !== '' && id !== '0');
}

/** Whether the owner column shows exactly the wanted users (any order), or the pool for 'pool'. */
export function ownersMatch(wanted: string[] | 'pool', owner: unknown): boolean {
	const ids = ownerIds(owner);
	if (wanted === 'pool') return ids.length === 0;
	const want = [...new Set(wanted.map((id) => id.trim()).filter(Boolean))].sort();
	const have = [...new Set(ids)].sort();
	return want.length === have.length && want.every((id, index) => id === have[index]);
}

/** Whether a customer whose owner column shows `owner` already is where `target` wants it. */
export function assignmentSatisfied(target: AssignmentTarget, owner: unknown): boolean {
	return ownersMatch(target.mode === 'pool' ? 'pool' : [target.userId], owner);
}
