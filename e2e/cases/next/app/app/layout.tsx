import type { ReactNode } from 'react';
import { OtelProvider } from './otel-provider';

export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* The collector's address is a runtime setting, handed from the server to the client. */}
        <OtelProvider collector={process.env.COLLECTOR_URL ?? ''} />
        {children}
      </body>
    </html>
  );
}
