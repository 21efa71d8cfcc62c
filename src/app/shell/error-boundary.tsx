import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useDesignStore } from '../store/index.ts';

interface Props {
  /** Names the area in the message ("the rule editor"). */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps a failure in one area from blanking the whole page: the area shows what went wrong and
 * offers to try again or to undo the last change (the project itself is saved and untouched).
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Client Access Rule Designer: ${this.props.area} failed`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  private readonly undo = () => {
    useDesignStore.getState().undo();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>Something went wrong in {this.props.area}</MessageBarTitle>
          {error.message || String(error)}. Your project is saved; undoing the last change usually helps.
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={this.undo}>Undo last change</Button>
          <Button onClick={this.retry}>Try again</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
