namespace Collab.Contracts.Access;

/// <summary>
/// Which sessions end: one (<see cref="Session"/>), or every session of <see cref="Practitioner"/> but
/// <see cref="KeepSession"/> (the one that changed its password, say). With <see cref="ViewsOnly"/> the sessions
/// stay (a restricted account may still log in to read why) and only their open live views close, forgetting the
/// keys they opened. <see cref="Reason"/> is for logs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SessionChange(
    [property: Id(0)] Guid Practitioner,
    [property: Id(1)] Guid? Session,
    [property: Id(2)] Guid? KeepSession,
    [property: Id(3)] string Reason,
    [property: Id(4)] bool ViewsOnly = false);
