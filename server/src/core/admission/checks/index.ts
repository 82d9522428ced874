/** Every linter rule that has an admission form, in the order the policy lists them. */
import type { AdmissionCheck } from '../types';
import { allowAll } from './allow-all';
import { ambiguousPeer } from './ambiguous-peer';
import { cloudMetadataReachable } from './cloud-metadata-reachable';
import { crossNamespaceLabelTrust } from './cross-namespace-label-trust';
import { ignoredRules } from './ignored-rules';
import { namedPortWithIpblock } from './named-port-with-ipblock';
import { namespaceNameLabel } from './namespace-name-label';

export const ADMISSION_CHECKS: readonly AdmissionCheck[] = [
  ignoredRules,
  allowAll,
  ambiguousPeer,
  crossNamespaceLabelTrust,
  namespaceNameLabel,
  cloudMetadataReachable,
  namedPortWithIpblock,
];
