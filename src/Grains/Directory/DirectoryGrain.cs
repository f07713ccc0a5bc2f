using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Orleans.Concurrency;

namespace Collab.Grains.Directory;

[StatelessWorker]
public sealed class DirectoryGrain(IDirectory directory, IAuditTrail audit, TimeProvider clock) : Grain, IDirectoryGrain
{
    public const int MaxTextLength = 100;

    public async Task<DirectoryPage> Search(DirectoryQuery query, Caller caller)
    {
        await AccessRules.RequireActive(GrainFactory, caller, "search the directory");
        if (query.Text is { Length: > MaxTextLength } || query.PageSize is < 1 or > 100 || query.Page < 1)
        {
            throw DomainException.Invalid([new("query", $"text at most {MaxTextLength} characters, page from 1, page size 1 to 100")]);
        }

        var page = await directory.SearchAsync(query, caller.PractitionerId); // red-listed: hidden but from those in contact
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "directory.search", "directory", "practitioners");
        return page;
    }

    public Task<Guid?> FindByEmail(string email) => directory.FindByEmailAsync(email);

    public Task<Guid?> FindByIdentifier(Contracts.Practitioners.ProfessionalIdentifier identifier) => directory.FindByIdentifierAsync(identifier);

    public Task<IReadOnlyList<StructureEntry>> Structures() => directory.StructuresAsync();

    public async Task<IReadOnlyList<DirectoryEntry>> StructureEntries(Guid structure, Caller caller)
    {
        await AccessRules.RequireAdministrator(GrainFactory, caller, structure, "list a structure's accounts and groups");
        var entries = await directory.EntriesAsync(structure);
        await audit.RecordAsync(clock, caller, AuditCategory.Access, "directory.structure.list", "structure", structure.ToString());
        return entries;
    }

    public async Task<IReadOnlyList<DirectoryEntry>> PendingAccounts(Caller caller)
    {
        var standing = await AccessRules.RequireActive(GrainFactory, caller, "list accounts awaiting validation");
        if (standing.IsOperator)
        {
            return await directory.PendingAsync(null);
        }

        var mine = new List<Guid>();
        foreach (var structure in await directory.StructuresAsync())
        {
            if (await GrainFactory.Grain<Contracts.Structures.IStructureGrain>(structure.Id).IsAdmin(new(caller.PractitionerId!.Value)))
            {
                mine.Add(structure.Id);
            }
        }

        return mine.Count == 0 ? [] : await directory.PendingAsync(mine);
    }
}
