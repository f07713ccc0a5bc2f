using Collab.Contracts.Consultations;

namespace Collab.Grains.Consultations;

/// <summary>A consultation as the index stores it.</summary>
public sealed record ConsultationIndexEntry(InboxEntry Entry, DateTimeOffset? AnsweredAt, string? ActCode);
