namespace Collab.Contracts.Practitioners;

/// <summary>Where an account stands. Only <see cref="Active"/> accounts see health data or can be addressed.</summary>
public enum AccountStatus
{
    /// <summary>Registered, identity not yet validated.</summary>
    Pending = 1,
    /// <summary>Validated by a structure admin or the operator.</summary>
    Active = 2,
    /// <summary>Validation refused.</summary>
    Rejected = 3,
    /// <summary>Suspended by an admin (breach of the terms); sessions ended.</summary>
    Suspended = 4,
    /// <summary>No login for 12 months: access revoked until an admin reactivates.</summary>
    Revoked = 5,
    /// <summary>Restricted by an admin after unusual access, once the user was told: they can log in but see no health data until lifted.</summary>
    Restricted = 6,
    /// <summary>Deleted by its holder: no login, no directory entry; what they shared stays with the others.</summary>
    Deleted = 7,
}
