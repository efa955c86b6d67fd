// 1&1 / IONOS: the United Internet layout that gmx.ts reads, named by 1&1's sender domains.
import { unitedInternet } from './gmx.js';

export const einsundeins = unitedInternet('einsundeins', '1&1 / IONOS (kundenserver.de) bounces (address: blocks after Exim-like text)', ['kundenserver.de', '1and1.', 'ionos.'], 86, 0);
