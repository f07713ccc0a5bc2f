using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Structures;
using Collab.Testing;

namespace Collab.GrainTests.Directory;

/// <summary>What a structure's administration page lists: its accounts (whatever their status) and groups, for its administrators and the operator only.</summary>
public sealed class StructureEntriesTests : ClusterTest
{
    [Fact]
    public async Task A_structure_admin_and_the_operator_list_its_accounts_and_groups_and_nobody_else_does()
    {
        var admin = await Clinician.RegisterAsync(Grains, "Admin");
        var structure = Guid.NewGuid();
        await Grains.GetGrain<IStructureGrain>(structure).Create(new StructureInfo("Hôpital Est", "750712184", "Metz"), admin.Id, Platform);
        var member = await Clinician.RegisterAsync(Grains, "Membre", structure: structure);
        var pending = await Clinician.RegisterAsync(Grains, "Attente", structure: structure, validate: false);
        var group = Guid.NewGuid();
        await Grains.GetGrain<IGroupGrain>(group).Create(new GroupInfo("Neurologie", structure), member.Id, Platform);
        var op = await Clinician.RegisterAsync(Grains, "Operateur");
        await op.Grain.GrantOperator(Platform);
        var otherAdmin = await Clinician.RegisterAsync(Grains, "AutreAdmin");
        await Grains.GetGrain<IStructureGrain>(Guid.NewGuid()).Create(new StructureInfo("Hôpital Ouest", "750712184", "Brest"), otherAdmin.Id, Platform);
        var directory = Grains.GetGrain<IDirectoryGrain>(0);

        var byAdmin = await directory.StructureEntries(structure, admin.Caller);
        var byOperator = await directory.StructureEntries(structure, op.Caller);

        Assert.Equal(new[] { member.Id.Value, pending.Id.Value, group }.Order(), byAdmin.Select(e => e.Id).Order());
        Assert.Equal("Pending", byAdmin.Single(e => e.Id == pending.Id.Value).Status);
        Assert.Equal(DirectoryKind.Group, byAdmin.Single(e => e.Id == group).Kind);
        Assert.Equal(byAdmin.Select(e => e.Id).Order(), byOperator.Select(e => e.Id).Order());
        foreach (var outsider in new[] { member, otherAdmin })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => directory.StructureEntries(structure, outsider.Caller));
            Assert.Equal(DomainErrorCode.Forbidden, refused.Code);
        }

        Assert.Equal(2, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'directory.structure.list' AND object_id = '{structure}'"));
    }
}
