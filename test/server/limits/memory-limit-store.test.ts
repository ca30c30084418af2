import { MemoryLimitStore } from '../../../src/server/limits/memory-limit-store.js';
import { limitStoreCases } from './limit-store-cases.js';

limitStoreCases('memory', async (windows) => new MemoryLimitStore(windows));
