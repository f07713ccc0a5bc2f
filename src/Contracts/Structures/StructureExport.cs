using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Structures;

/// <summary>What the platform holds about a structure, for its restitution.</summary>
[GenerateSerializer, Immutable]
public sealed record StructureExport(
    [property: Id(0)] Guid Id,
    [property: Id(1)] StructureInfo Info,
    [property: Id(2)] IReadOnlyList<PractitionerId> Admins,
    [property: Id(3)] Retention.RetentionPolicy? Retention,
    [property: Id(4)] IReadOnlyList<PractitionerProfile> Accounts,
    [property: Id(5)] IReadOnlyList<Directory.DirectoryEntry> Groups,
    [property: Id(6)] DateTimeOffset ExportedAt);
