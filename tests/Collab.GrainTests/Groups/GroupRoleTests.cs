using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Testing;

namespace Collab.GrainTests.Groups;

/// <summary>A member's role changes by a group admin's decision, and the group always keeps a confirmed group admin.</summary>
public sealed class GroupRoleTests : ClusterTest
{
    [Fact]
    public async Task A_group_admin_changes_roles_but_never_leaves_the_group_without_one_and_a_member_cannot()
    {
        var head = await Clinician.RegisterAsync(Grains, "Chef");
        var doctor = await Clinician.RegisterAsync(Grains, "Interne");
        var id = await head.FoundGroupAsync("Urgences", doctor);
        var group = Grains.GetGrain<IGroupGrain>(id);

        var lastAdmin = await Assert.ThrowsAsync<DomainException>(() => group.SetRole(head.Id, GroupRole.Doctor, head.Caller));
        var byMember = await Assert.ThrowsAsync<DomainException>(() => group.SetRole(doctor.Id, GroupRole.GroupAdmin, doctor.Caller));
        await group.SetRole(doctor.Id, GroupRole.GroupAdmin, head.Caller);
        await group.SetRole(head.Id, GroupRole.Assistant, doctor.Caller);
        var roles = (await group.Get(head.Caller)).Members.ToDictionary(m => m.Practitioner, m => m.Role);

        Assert.Equal(DomainErrorCode.Conflict, lastAdmin.Code);
        Assert.Equal(DomainErrorCode.Forbidden, byMember.Code);
        Assert.Equal(GroupRole.GroupAdmin, roles[doctor.Id]);
        Assert.Equal(GroupRole.Assistant, roles[head.Id]);
        Assert.Equal(2, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action LIKE 'group.member.role.%' AND object_id = '{id}'"));
    }
}
