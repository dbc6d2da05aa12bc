import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { Alert, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { humanError } from './errors';

/**
 * What every admin page shares: its title, a loading hint, the first failure as the human
 * message of its GraphQL error code, and a confirm dialog for what cannot be undone. One place,
 * so the pages read as what they manage rather than as plumbing.
 */
export function PageScaffold({
  title,
  errors = [],
  fetching = false,
  children,
}: {
  title: string;
  /** Query and mutation errors; the first one present is shown. */
  errors?: (CombinedError | undefined)[];
  fetching?: boolean;
  children: ReactNode;
}) {
  const message = firstError(...errors);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        {/* A named live region: a bare span may not carry aria-label. */}
        {fetching && <Loader size="sm" role="status" aria-label="Loading" />}
      </Group>
      {message && <ErrorAlert message={message} />}
      {children}
    </Stack>
  );
}

export function ErrorAlert({ message }: { message: string }) {
  return (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  );
}

/** The human message of the first error present, or null. */
export function firstError(...errors: (CombinedError | undefined)[]): string | null {
  for (const error of errors) {
    const message = humanError(error);
    if (message) return message;
  }
  return null;
}

interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
}

/**
 * A confirm dialog as a promise: `if (await confirm({...})) remove()`. Render `dialog` once in
 * the page. Unlike window.confirm it is styled, keyboard-usable and names the action on its button.
 */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactNode] {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((answer: boolean) => void) | null>(null);
  const confirm = useCallback(
    (next: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        resolver.current = resolve;
        setRequest(next);
      }),
    [],
  );
  const answer = (value: boolean) => {
    resolver.current?.(value);
    resolver.current = null;
    setRequest(null);
  };
  const dialog = (
    <Modal opened={request !== null} onClose={() => answer(false)} title={request?.title} centered>
      <Text mb="md">{request?.message}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => answer(false)}>
          Cancel
        </Button>
        <Button color="red" onClick={() => answer(true)}>
          {request?.confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
  return [confirm, dialog];
}
