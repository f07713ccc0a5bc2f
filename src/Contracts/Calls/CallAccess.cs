namespace Collab.Contracts.Calls;

/// <summary>
/// How a participant's browser reaches the call's media: with the embedded adapter, peer to peer through the listed
/// STUN/TURN servers (signalling through Collab, media never through its servers); with Twilio, the room and an access
/// token for one identity and one room, valid a short time.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CallAccess(
    [property: Id(0)] string Adapter,
    [property: Id(1)] IReadOnlyList<IceServer> IceServers,
    [property: Id(2)] bool LoopbackOnly = false,
    [property: Id(3)] string? Room = null,
    [property: Id(4)] string? Token = null)
{
    /// <summary>Peer to peer, signalled through Collab.</summary>
    public const string Embedded = "embedded";

    /// <summary>Twilio Video rooms.</summary>
    public const string Twilio = "twilio";
}

/// <summary>A STUN or TURN server as a browser's <c>RTCIceServer</c> takes it.</summary>
[GenerateSerializer, Immutable]
public sealed record IceServer(
    [property: Id(0)] IReadOnlyList<string> Urls,
    [property: Id(1)] string? Username = null,
    [property: Id(2)] string? Credential = null);
