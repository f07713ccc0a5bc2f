namespace Collab.Testing;

/// <summary>An account created through the registration endpoint, with what its owner knows.</summary>
public sealed record TestAccount(Guid Id, string Email, string Password, string RecoveryCode);
