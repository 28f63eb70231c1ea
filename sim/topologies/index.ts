import type { Topology } from '../topology.js';
import { sockshop } from './sockshop.js';

/** The topologies the CLI offers by name. */
export const TOPOLOGIES: Readonly<Record<string, Topology>> = { sockshop };
