/** Workflow 1 at every hour of days 5–7 of the sweep week (see sweep.ts). */
import { sweepDays, SWEEP_DAYS } from './sweep';

sweepDays(4, SWEEP_DAYS);
