using Collab.Contracts.Access;

namespace Collab.Contracts.Practitioners;

/// <summary>One practitioner account, keyed by <see cref="PractitionerId"/>.</summary>
public interface IPractitionerGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the account. Fails with <see cref="Errors.DomainErrorCode.InvalidInput"/> naming each broken
    /// field, or <see cref="Errors.DomainErrorCode.Conflict"/> when this id is already registered.
    /// </summary>
    Task<PractitionerProfile> Register(PractitionerRegistration registration, Caller caller);

    /// <summary>The profile, or null when no account exists under this id.</summary>
    Task<PractitionerProfile?> GetProfile(Caller caller);
}
