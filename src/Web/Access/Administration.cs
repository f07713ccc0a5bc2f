using Collab.Contracts.Directory;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;

namespace Collab.Web.Access;

/// <summary>Which structures a practitioner administers, for pages that default to "my structure".</summary>
public static class Administration
{
    /// <summary>
    /// The structures <paramref name="practitioner"/> administers: their own structure first when they
    /// administer it, then any other (an administrator need not be a member, e.g. a hospital IT lead).
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> StructuresAsync(IClusterClient cluster, Guid practitioner, Guid? ownStructure)
    {
        var admin = new PractitionerId(practitioner);
        var administered = new List<Guid>();
        if (ownStructure is { } own && await cluster.GetGrain<IStructureGrain>(own).IsAdmin(admin))
        {
            administered.Add(own);
        }

        foreach (var structure in await cluster.GetGrain<IDirectoryGrain>(0).Structures())
        {
            if (structure.Id != ownStructure && await cluster.GetGrain<IStructureGrain>(structure.Id).IsAdmin(admin))
            {
                administered.Add(structure.Id);
            }
        }

        return administered;
    }
}
