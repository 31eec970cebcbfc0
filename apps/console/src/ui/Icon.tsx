// Small line icons for channels and kinds of fact, drawn inline (no icon font, no emoji font
// needed on the agent's machine). Decorative: the text beside each says the same.
const PATHS: Record<string, string> = {
  phone: 'M5 3h3l1.5 4-2 1.5a9 9 0 0 0 5 5l1.5-2 4 1.5v3a2 2 0 0 1-2 2A15 15 0 0 1 3 5a2 2 0 0 1 2-2z',
  web: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  email: 'M3 6h18v12H3zM3 6l9 7 9-7',
  sms: 'M4 4h16v11H9l-5 4z',
  social: 'M8 11a3 3 0 1 0 0-6a3 3 0 0 0 0 6zM2 20c0-4 3-6 6-6s6 2 6 6M16 11a3 3 0 1 0 0-6M18 14c2 1 4 3 4 6',
  chat: 'M4 5h12v8H8l-4 3zM9 16h7l4 3v-9h-2',
  in_person: 'M4 10l2-6h12l2 6M5 10v10h14V10M4 10h16M10 20v-5h4v5',
  fax: 'M6 9V3h12v6M4 9h16v8H4zM7 14h10v7H7z',
  purchase: 'M3 4h3l2 11h11l2-8H7M9 20a1 1 0 1 0 0-.1M18 20a1 1 0 1 0 0-.1',
  return: 'M9 7L4 12l5 5M4 12h11a5 5 0 0 1 0 10h-3',
  complaint: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  escalate: 'M12 20V5M6 11l6-6 6 6',
  resolved: 'M4 12l5 5L20 6',
  feedback: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  offer: 'M4 10h16v10H4zM3 7h18v3H3zM12 7v13M12 7c-2-4-6-3-5 0M12 7c2-4 6-3 5 0',
  campaign: 'M3 10v4l12 5V5zM15 9a4 4 0 0 1 0 6M6 14l1 5h3l-1-4',
  customer: 'M12 12a4 4 0 1 0 0-8a4 4 0 0 0 0 8zM4 21c0-4 4-7 8-7s8 3 8 7',
  other: 'M12 12m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0',
};

export function Icon({ name }: { name: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name] ?? PATHS.other}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
