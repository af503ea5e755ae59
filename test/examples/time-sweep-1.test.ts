/** Workflow 1 at every hour of days 1–4 of the sweep week (see sweep.ts). */
import { sweepDays } from './sweep';

sweepDays(0, 4);
