import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_WORKSPACE } from '@x/backend-core';

/** Terraform's `DefaultStateFilename`: the state file of every workspace. */
export const STATE_FILE_NAME = 'terraform.tfstate';
/** Terraform's `DefaultWorkspaceDir`: one subdirectory per non-default workspace. */
export const WORKSPACE_DIRECTORY_NAME = 'terraform.tfstate.d';

/** Every file that belongs to one workspace's state, as absolute paths. */
export interface StateFiles {
  /** Directory the files sit in. */
  directory: string;
  /** For a non-default workspace: its own directory under `terraform.tfstate.d`, removed on delete. */
  workspaceDirectory: string | undefined;
  /** The state file, locked with fcntl while a lock is held. */
  state: string;
  /** The state as it was before the last write (`<state>.backup`). */
  backup: string;
  /** Terraform's `.<state name>.lock.info`, the holder's LockInfo. */
  lockInfo: string;
  /** Our write-ahead journal for in-place writes (`.<state name>.journal`). */
  journal: string;
  /** `Path` recorded in LockInfo: the state path relative to the working directory, as Terraform writes it. */
  displayPath: string;
}

/** Where the files of the local backend live. */
export interface LocalLayout {
  /** Absolute working directory. */
  root: string;
  /** State file of `default`, relative to `root`. */
  statePath: string;
  /** Directory of the other workspaces, relative to `root`. */
  workspaceDirectory: string;
}

/** The files of `workspace` in Terraform's local layout. */
export function stateFilesOf(layout: LocalLayout, workspace: string): StateFiles {
  const relative =
    workspace === DEFAULT_WORKSPACE ? layout.statePath : join(layout.workspaceDirectory, workspace, STATE_FILE_NAME);
  const state = resolve(layout.root, relative);
  const directory = dirname(state);
  const name = basename(state);
  return {
    directory,
    workspaceDirectory: workspace === DEFAULT_WORKSPACE ? undefined : directory,
    state,
    backup: `${state}.backup`,
    lockInfo: join(directory, `.${name}.lock.info`),
    journal: join(directory, `.${name}.journal`),
    displayPath: relative,
  };
}

/** Absolute directory holding the non-default workspaces. */
export function workspaceRootOf(layout: LocalLayout): string {
  return resolve(layout.root, layout.workspaceDirectory);
}
