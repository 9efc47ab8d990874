import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/errors/backend-error.js';
import { DEFAULT_WORKSPACE, validateWorkspaceName, workspaceNameProblem } from '../src/workspace/workspace-name.js';

// Terraform accepts a workspace name when it is non-empty and Go's url.PathEscape leaves it
// unchanged. PathEscape keeps letters, digits, the unreserved marks `-._~` and the reserved
// characters a path segment may hold, `$&+:=@`; everything else (including `/ ; , ?`) is escaped.
const terraformAsciiSet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~$&+:=@';

function rejection(name: string, options?: { allowUnicode?: boolean }): BackendError {
  let caught: unknown;
  try {
    validateWorkspaceName(name, options);
  } catch (error) {
    caught = error;
  }
  expect(BackendError.hasCode(caught, 'INVALID_WORKSPACE_NAME'), `${JSON.stringify(name)} was accepted`).toBe(true);
  return caught as BackendError;
}

describe('validateWorkspaceName', () => {
  it('names the default workspace', () => {
    expect(DEFAULT_WORKSPACE).toBe('default');
    expect(() => validateWorkspaceName(DEFAULT_WORKSPACE)).not.toThrow();
  });

  it("accepts exactly Terraform's ASCII set, checked character by character", () => {
    for (let code = 0; code < 0x80; code++) {
      const character = String.fromCharCode(code);
      const name = `ws${character}x`;
      if (terraformAsciiSet.includes(character)) {
        expect(workspaceNameProblem(name), JSON.stringify(name)).toBeUndefined();
      } else {
        expect(workspaceNameProblem(name), JSON.stringify(name)).toBeDefined();
        rejection(name);
      }
    }
  });

  const accepted = ['dev', 'prod-eu-west-1', 'feature_x', 'v1.2.3', '~home', 'a=b', 'user@team', 'x:y'];
  it.each([...accepted, 'cost$', 'r&d', 'c++', '-', '_', '~', '...', '.hidden', '0'])('accepts %j', (name) => {
    expect(() => validateWorkspaceName(name)).not.toThrow();
    expect(workspaceNameProblem(name)).toBeUndefined();
  });

  const rejected = ['two words', 'a/b', '../etc/passwd', '%41', 'what?', '#1', 'hey!', 'star*', 'a,b', 'a;b'];
  it.each([...rejected, 'tab\there', 'new\nline', 'é', 'ワークスペース', '😀', 'caf\u00e9', ' dev', 'dev '])(
    'rejects %j',
    (name) => {
      const error = rejection(name);
      expect(error.message).toContain(JSON.stringify(name));
      expect(error.hint).toContain('- _ . ~ $ & + : = @');
    },
  );

  it('rejects the empty name', () => {
    expect(rejection('').message).toBe('the workspace name is empty');
  });

  it('rejects . and .., which would join into another state’s key', () => {
    for (const name of ['.', '..']) {
      expect(rejection(name).message).toContain("another state's path");
      expect(rejection(name, { allowUnicode: true }).message).toContain("another state's path");
    }
  });

  it('rejects values that are not strings', () => {
    for (const value of [undefined, null, 42, {}]) {
      rejection(value as unknown as string);
    }
  });

  describe('with allowUnicode', () => {
    it.each(['é', 'ワークスペース', '😀', 'café-prod', 'Ωmega', 'hey!', 'star*', 'a,b'])('accepts %j', (name) => {
      expect(() => validateWorkspaceName(name, { allowUnicode: true })).not.toThrow();
    });

    it.each([
      '',
      'two words',
      'a/b',
      'a\\b',
      '%41',
      'what?',
      '#1',
      'tab\there',
      'nul\u0000',
      'del\u007f',
      'c1\u0085',
      'nbsp\u00a0',
      'line\u2028sep',
      'ideographic\u3000space',
      'lone\ud800',
      'lone\udc00',
      ' é',
    ])('still rejects %j', (name) => {
      rejection(name, { allowUnicode: true });
    });

    it('accepts everything Terraform accepts', () => {
      expect(() => validateWorkspaceName('a=b@c:d$e&f+g~h.i_j-k', { allowUnicode: true })).not.toThrow();
    });
  });
});
