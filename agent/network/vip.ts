// Applies a container's VIP rules (planVipRules) inside its network namespace, in one nft transaction.
import type { CommandRunner } from './ip';

export async function applyVipRules(runner: CommandRunner, containerPid: number, script: string): Promise<void> {
  await runner.run(['nsenter', `--net=/proc/${containerPid}/ns/net`, 'nft', '-f', '-'], script);
}
