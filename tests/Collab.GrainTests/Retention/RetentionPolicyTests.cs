using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Testing;

namespace Collab.GrainTests.Retention;

/// <summary>Which retention applies: the consultation's own, else the group's, else the structure's, else 3 months.</summary>
public sealed class RetentionPolicyTests : ClusterTest
{
    [Fact]
    public async Task A_group_override_beats_the_structure_default_which_beats_the_platform_default()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var head = await Clinician.RegisterAsync(Grains, "Chef");
        var colleague = await Clinician.RegisterAsync(Grains, "Collegue");
        var structure = Guid.NewGuid();
        await Grains.GetGrain<IStructureGrain>(structure).Create(new StructureInfo("Hôpital Test", "750000002", "Paris"), head.Id, Platform);
        var groupId = Guid.NewGuid();
        var group = Grains.GetGrain<IGroupGrain>(groupId);
        await group.Create(new GroupInfo("Cardiologie", structure), head.Id, Platform);

        async Task<ConsultationView> CancelledAsync()
        {
            var id = Guid.NewGuid();
            await gp.CreateConsultationAsync(id, required: null, group: groupId);
            var consultation = Grains.GetGrain<IConsultationGrain>(id);
            await (await gp.ClientAsync()).ActAsync(id, ConsultationAction.Cancel, reason: "plus nécessaire");
            return await consultation.Get(gp.Caller);
        }

        static int DaysKept(ConsultationView v) => (int)Math.Round((v.DestroyAt!.Value - v.Timeline[ConsultationStatus.Cancelled]).TotalDays);

        var platformDefault = await CancelledAsync();
        await Grains.GetGrain<IStructureGrain>(structure).SetRetention(new RetentionPolicy(120), head.Caller);
        var structureDefault = await CancelledAsync();
        await group.SetRetention(new RetentionPolicy(60), head.Caller);
        var groupOverride = await CancelledAsync();
        var tooShort = await Assert.ThrowsAsync<DomainException>(() => group.SetRetention(new RetentionPolicy(3), head.Caller));
        var forever = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IStructureGrain>(structure).SetRetention(new RetentionPolicy(0, Keep: true), head.Caller));
        var notAdmin = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IStructureGrain>(structure).SetRetention(new RetentionPolicy(30), colleague.Caller));

        Assert.Equal(90, DaysKept(platformDefault));
        Assert.Equal(120, DaysKept(structureDefault));
        Assert.Equal(60, DaysKept(groupOverride));
        Assert.Equal("retention.days", Assert.Single(tooShort.Errors).Field);
        Assert.Equal("retention.keep", Assert.Single(forever.Errors).Field);
        Assert.Equal(DomainErrorCode.Forbidden, notAdmin.Code);
        Assert.Equal(3, await Database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'retention'"));
    }
}
