namespace Collab.Crypto;

/// <summary>What the authentication cookie carries: the session id and the secret that unlocks its key.</summary>
public sealed record SessionTicket(Guid SessionId, byte[] Secret);
