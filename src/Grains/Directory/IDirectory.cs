using Collab.Contracts.Directory;

namespace Collab.Grains.Directory;

/// <summary>The directory read model, and the uniqueness of account emails and RPPS/ADELI numbers.</summary>
public interface IDirectory
{
    /// <summary>Reserves an email and a professional identifier for an account; returns the field already taken, or null.</summary>
    Task<string?> ClaimAsync(Guid practitioner, string email, string identifier, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces an entry.</summary>
    Task UpsertAsync(DirectoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Listed entries matching the query, by name; with a <paramref name="searcher"/>, also the active red-listed
    /// practitioners already in contact with them (a consultation sent between the two, either way).
    /// </summary>
    Task<DirectoryPage> SearchAsync(DirectoryQuery query, Guid? searcher = null, CancellationToken cancellationToken = default);

    /// <summary>The account holding an RPPS/ADELI number, if any (login with Pro Santé Connect).</summary>
    Task<Guid?> FindByIdentifierAsync(Contracts.Practitioners.ProfessionalIdentifier identifier, CancellationToken cancellationToken = default);

    /// <summary>Moves an account's email claim to a new address; false (nothing changed) when another account has it.</summary>
    Task<bool> MoveEmailAsync(Guid practitioner, string from, string to, CancellationToken cancellationToken = default);

    /// <summary>The account holding an email, if any (login by email).</summary>
    Task<Guid?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    Task UpsertStructureAsync(StructureEntry structure, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StructureEntry>> StructuresAsync(CancellationToken cancellationToken = default);

    /// <summary>Pending accounts, of the given structures (null: all).</summary>
    Task<IReadOnlyList<DirectoryEntry>> PendingAsync(IReadOnlyCollection<Guid>? structures, CancellationToken cancellationToken = default);

    /// <summary>Every entry (practitioner accounts, groups) attached to a structure, listed or not, whatever its status.</summary>
    Task<IReadOnlyList<DirectoryEntry>> EntriesAsync(Guid structure, CancellationToken cancellationToken = default);

    /// <summary>Removes a deleted account or an ended structure: its entry; an account's email and identifier become free again.</summary>
    Task RemoveAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <summary>How an RPPS/ADELI number is claimed in <c>account_claim</c> (unique per account), written and looked up alike.</summary>
public static class AccountClaims
{
    public static string Identifier(Contracts.Practitioners.ProfessionalIdentifier identifier) => $"{identifier.Kind}:{identifier.Number}";
}
