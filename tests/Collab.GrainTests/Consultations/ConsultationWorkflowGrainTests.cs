using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.GrainTests.Consultations;

public sealed class ConsultationWorkflowGrainTests : ClusterTest
{
    [Fact]
    public async Task A_request_goes_from_draft_to_closed_with_each_date_and_the_opinion()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var id = Guid.NewGuid();
        var consultation = Grains.GetGrain<IConsultationGrain>(id);

        await gp.CreateConsultationAsync(id, cardiologist, group: null, send: false);
        var hiddenDraft = await Assert.ThrowsAsync<DomainException>(() => consultation.Get(cardiologist.Caller));
        await consultation.Act(ConsultationAction.Send, new(), gp.Caller);
        var offered = (await consultation.Get(cardiologist.Caller)).AvailableActions;
        await consultation.Act(ConsultationAction.Accept, new(), cardiologist.Caller);
        await consultation.Act(ConsultationAction.Answer, new(Opinion: Opinion(id), ActCode: "TE2"), cardiologist.Caller);
        var billedByRequester = await Assert.ThrowsAsync<DomainException>(() => consultation.MarkBilled(gp.Caller));
        var toBill = (await consultation.Get(gp.Caller)).Billing;
        await consultation.MarkBilled(cardiologist.Caller);
        var billedTwice = await Assert.ThrowsAsync<DomainException>(() => consultation.MarkBilled(cardiologist.Caller));
        await consultation.Act(ConsultationAction.Close, new(), gp.Caller);
        var closed = await consultation.Get(gp.Caller);

        Assert.Equal(DomainErrorCode.Forbidden, hiddenDraft.Code);
        Assert.Equal([ConsultationAction.Accept, ConsultationAction.Decline], offered);
        Assert.Equal(ConsultationStatus.Closed, closed.Status);
        Assert.Equal(cardiologist.Id, closed.AcceptedBy);
        Assert.NotNull(closed.Opinion);
        Assert.Equal(5, closed.Timeline.Count);
        Assert.Equal("TE2", closed.ActCode);
        Assert.Equal(BillingStatus.ToBill, toBill);
        Assert.Equal(BillingStatus.Billed, closed.Billing);
        Assert.Equal(DomainErrorCode.Forbidden, billedByRequester.Code);
        Assert.Equal(DomainErrorCode.Conflict, billedTwice.Code);
        Assert.Equal(4, await Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action IN ('consultation.send', 'consultation.accept', 'consultation.answer', 'consultation.close')"));
    }

    [Fact]
    public async Task Every_consultation_operation_is_refused_to_an_outsider_an_unconfirmed_group_member_and_a_pending_account()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var outsider = await Clinician.RegisterAsync(Grains, "Dehors");
        var invited = await Clinician.RegisterAsync(Grains, "Invitee");
        var service = Guid.NewGuid();
        await Grains.GetGrain<IGroupGrain>(service).Create(new GroupInfo("Cardiologie", null), cardiologist.Id, Platform);
        await Grains.GetGrain<IGroupGrain>(service).Invite(invited.Id, GroupRole.Doctor, Platform);
        await Grains.GetGrain<IGroupGrain>(service).Accept(invited.Caller); // accepted, not yet confirmed: holds no key
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, required: null, group: service);
        var (epoch, key) = await gp.StartEpochAsync(id, [gp], group: service);
        var consultation = Grains.GetGrain<IConsultationGrain>(id);
        await gp.PostAsync(id, epoch, key, "premier message");
        var pendingId = Guid.NewGuid();
        await Grains.GetGrain<IPractitionerGrain>(pendingId).Register(new PractitionerRegistration("Attente", "Paul", Profession.Physician,
            new ProfessionalIdentifier(IdentifierKind.Adeli, "751234569"), "paul.attente@example.org"), Platform);
        var pending = Caller.Practitioner(pendingId, null, null);

        var gpKey = await gp.Keys.GetPublicKey();
        foreach (var caller in new[] { outsider.Caller, invited.Caller, pending })
        {
            var seal = KeySealing.Seal(EpochKeys.New(), gpKey);
            var refusals = new Func<Task>[]
            {
                () => consultation.Get(caller),
                () => consultation.Headline(caller),
                () => consultation.Read(1, 10, caller),
                () => consultation.GetEpochSeals(caller),
                () => consultation.Post(epoch, MessageCipher.Encrypt("x"u8.ToArray(), key, new MessageBinding(id, epoch, caller.PractitionerId ?? Guid.Empty, Guid.Empty, 0)), Guid.Empty, caller),
                () => consultation.StartEpoch(new EpochSeal(new Dictionary<Guid, byte[]> { [gp.Id.Value] = seal }, null, 0, null), caller),
                () => consultation.Act(ConsultationAction.Accept, new(), caller),
                () => consultation.Act(ConsultationAction.Decline, new(Reason: Opinion(id)), caller),
                () => consultation.Delete(1, caller),
                () => consultation.MarkRead(1, caller),
                () => consultation.Signal(ConsultationEventKind.Typing, true, caller),
                () => consultation.RecordDownload(DownloadKind.Report, caller),
            };
            foreach (var refusal in refusals)
            {
                Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(refusal)).Code);
            }

            var inbox = await Grains.GetGrain<IInboxGrain>(caller.PractitionerId!.Value).List(InboxBox.Groups, null, caller);
            Assert.DoesNotContain(inbox, e => e.Consultation == id);
        }

        // Only the author deletes a message, even among participants.
        Assert.Equal(DomainErrorCode.NotFound, (await Assert.ThrowsAsync<DomainException>(() => consultation.Delete(1, cardiologist.Caller))).Code);
        Assert.Single(await consultation.Read(1, 10, cardiologist.Caller), i => i.DeletedAt is null);

        var pendingDraft = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IConsultationGrain>(Guid.NewGuid()).CreateDraft(
            new ConsultationDraft(cardiologist.Id, null, Opinion(id), Opinion(id), Opinion(id), false, null, true,
                new EpochSeal(new Dictionary<Guid, byte[]> { [pendingId] = KeySealing.Seal(EpochKeys.New(), gpKey) }, null, 0, null)), pending));
        Assert.Equal(DomainErrorCode.Forbidden, pendingDraft.Code);
    }

    [Fact]
    public async Task For_a_group_one_member_accepts_and_only_they_answer()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var first = await Clinician.RegisterAsync(Grains, "Premier");
        var second = await Clinician.RegisterAsync(Grains, "Second");
        var service = Guid.NewGuid();
        var group = Grains.GetGrain<IGroupGrain>(service);
        await group.Create(new GroupInfo("Cardiologie", null), first.Id, Platform);
        await group.Invite(second.Id, GroupRole.Doctor, Platform);
        await group.Accept(second.Caller);
        await first.ConfirmAsync(service, second);
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, required: null, group: service);
        var consultation = Grains.GetGrain<IConsultationGrain>(id);

        await (await second.ClientAsync()).ActAsync(id, ConsultationAction.Accept);
        var seenByFirst = await consultation.Get(first.Caller);
        var answerByOther = await Assert.ThrowsAsync<DomainException>(() => consultation.Act(ConsultationAction.Answer, new(Opinion: Opinion(id)), first.Caller));
        var acceptedTwice = await Assert.ThrowsAsync<DomainException>(() => consultation.Act(ConsultationAction.Accept, new(), first.Caller));

        Assert.Equal(second.Id, seenByFirst.AcceptedBy); // the others see who took it
        Assert.Equal(DomainErrorCode.Forbidden, answerByOther.Code);
        Assert.Equal(DomainErrorCode.Conflict, acceptedTwice.Code);
    }

    [Fact]
    public async Task Inboxes_list_by_box_and_status_and_relays_hear_of_each_change()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var founder = await Clinician.RegisterAsync(Grains, "Fondatrice");
        var outsider = await Clinician.RegisterAsync(Grains, "Dehors");
        var service = Guid.NewGuid();
        await Grains.GetGrain<IGroupGrain>(service).Create(new GroupInfo("Cardiologie", null), founder.Id, Platform);
        var relay = new RecordingRelay();
        var reference = Grains.CreateObjectReference<ILiveRelay>(relay);
        await Grains.GetGrain<IInboxGrain>(founder.Id.Value).Subscribe(reference);
        var id = Guid.NewGuid();

        await gp.CreateConsultationAsync(id, required: null, group: service);
        var inbox = (InboxBox box, ConsultationStatus? status, Clinician who) => Grains.GetGrain<IInboxGrain>(who.Id.Value).List(box, status, who.Caller);

        Assert.Equal(id, Assert.Single(await inbox(InboxBox.Sent, null, gp)).Consultation);
        Assert.Equal(id, Assert.Single(await inbox(InboxBox.Groups, ConsultationStatus.Requested, founder)).Consultation);
        Assert.Empty(await inbox(InboxBox.Groups, ConsultationStatus.Accepted, founder));
        Assert.Empty(await inbox(InboxBox.Received, null, founder));
        Assert.Empty(await inbox(InboxBox.Groups, null, outsider));
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IInboxGrain>(founder.Id.Value).List(InboxBox.Groups, null, outsider.Caller))).Code);
        await Collab.Testing.Eventually.TrueAsync(() => relay.Inbox.Any(e => e.Consultation == id && e.Status == ConsultationStatus.Requested));
    }

    [Fact]
    public async Task A_draft_cancelled_before_sending_stays_the_requesters_alone()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, cardiologist, group: null, send: false);
        var consultation = Grains.GetGrain<IConsultationGrain>(id);

        await (await gp.ClientAsync()).ActAsync(id, ConsultationAction.Cancel, reason: "adressé par courrier");

        Assert.Equal(ConsultationStatus.Cancelled, (await consultation.Get(gp.Caller)).Status);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => consultation.Get(cardiologist.Caller))).Code);
        Assert.Empty(await Grains.GetGrain<IInboxGrain>(cardiologist.Id.Value).List(InboxBox.Received, null, cardiologist.Caller));
    }

    [Fact]
    public async Task A_patient_opposition_blocks_sending_and_its_reason_is_read_only_by_participants()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var id = Guid.NewGuid();
        var consultation = Grains.GetGrain<IConsultationGrain>(id);
        var client = await gp.ClientAsync();
        await client.CreateDraftAsync(Clinician.Request(cardiologist, null, opposes: true), id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => consultation.Act(ConsultationAction.Send, new(), gp.Caller));
        var opened = await client.OpenAsync(id);

        Assert.Equal(DomainErrorCode.Conflict, refused.Code);
        Assert.DoesNotContain("3 mars", refused.Message, StringComparison.Ordinal);
        Assert.Equal("refus exprimé en consultation le 3 mars", opened.OppositionReason);
        Assert.Empty(TestDatabase.FormsFoundIn(await Database.DumpAsync(), "exprimé en consultation"));
    }

    private static byte[] Opinion(Guid consultation) =>
        ContentCipher.Encrypt(Encoding.UTF8.GetBytes("Avis : pas d'indication chirurgicale."), EpochKeys.New(), new ContentPosition(consultation, 1, -4));
}
