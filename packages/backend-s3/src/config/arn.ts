/** The parts of an Amazon Resource Name, split as Go's `aws/arn.Parse` does. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Go's `arn.Parse`: the error text is Go's (`arn: invalid prefix`, `arn: not enough sections`). */
export function parseArn(text: string): Arn {
  if (!text.startsWith('arn:')) throw new Error('arn: invalid prefix');
  const sections = text.split(':');
  if (sections.length < 6) throw new Error('arn: not enough sections');
  const [, partition, service, region, accountId] = sections as [string, string, string, string, string];
  return { partition, service, region, accountId, resource: sections.slice(5).join(':') };
}

/** Go's `arn.IsARN`: the `arn:` prefix and at least five colons. */
export function looksLikeArn(text: string): boolean {
  return text.startsWith('arn:') && text.split(':').length >= 6;
}
