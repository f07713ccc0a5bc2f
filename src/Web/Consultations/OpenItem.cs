using Collab.Contracts.Practitioners;

namespace Collab.Web.Consultations;

/// <summary>An item as a reader sees it; <see cref="Body"/> is null once its author deleted it.</summary>
public sealed record OpenItem(long Sequence, PractitionerId? Author, DateTimeOffset PostedAt, ItemBody? Body, DateTimeOffset? DeletedAt);
