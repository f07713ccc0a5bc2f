using Collab.Contracts.Consultations;

namespace Collab.Grains.Consultations;

/// <summary>A consultation as the index stores it: the inbox row, and what statistics count (answer time, act, billing, reminder).</summary>
public sealed record ConsultationIndexEntry(InboxEntry Entry, DateTimeOffset? AnsweredAt, string? ActCode, BillingStatus Billing = BillingStatus.None, DateTimeOffset? RemindedAt = null);
