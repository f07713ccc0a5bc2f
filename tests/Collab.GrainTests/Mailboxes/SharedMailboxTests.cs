using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Testing;
using Collab.Web.Mailboxes;

namespace Collab.GrainTests.Mailboxes;

/// <summary>
/// Shared mailboxes: an organisational one read by the readers its structure's administrator grants (a later reader reads
/// its past once a colleague opens it; a withdrawn one reads nothing more), and an applicative one whose API keys are
/// hashed, scoped and revocable, a receiving key opening its mail.
/// </summary>
public sealed class SharedMailboxTests : ClusterTest
{
    [Fact]
    public async Task An_organisational_mailbox_is_read_by_its_granted_readers_only_a_later_reader_gets_its_past_from_a_colleague_and_a_withdrawn_one_loses_it()
    {
        var (head, structure) = await StructureAsync("Hôpital Nord");
        var responsible = await Clinician.RegisterAsync(Grains, "Responsable", structure: structure);
        var reader = await Clinician.RegisterAsync(Grains, "Lectrice", structure: structure);
        var colleague = await Clinician.RegisterAsync(Grains, "Collegue", structure: structure);
        var newcomer = await Clinician.RegisterAsync(Grains, "Arrivante", structure: structure);
        var gp = await Clinician.RegisterAsync(Grains, "Traitant");
        var id = Guid.NewGuid();
        var mailbox = Grains.GetGrain<IMailboxGrain>(id);
        var spec = new SharedMailboxSpec(MailboxKind.Organisational, structure, "Cardiologie", responsible.Id, [reader.Id]);

        var notAdmin = await Assert.ThrowsAsync<DomainException>(() => mailbox.Create(spec, responsible.Caller));
        var view = await mailbox.Create(spec, head.Caller);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IMailboxGrain>(Guid.NewGuid()).Create(spec, head.Caller));
        var outside = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IMailboxGrain>(Guid.NewGuid()).Create(spec with { Name = "Urgences", Readers = [gp.Id] }, head.Caller));

        await (await gp.MailAsync(Services)).SendAsync([view.Address], "Patient adressé", "Dyspnée d'effort.");
        var forResponsible = await (await responsible.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id);
        await (await responsible.MailAsync(Services)).FlagAsync(forResponsible.Single().Sequence, true, id); // the service's flag: every reader sees it
        var forReader = await (await reader.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id);
        var refused = await Assert.ThrowsAsync<DomainException>(() => colleague.MailAsync(Services).ContinueWith(t => t.Result.ListAsync(MailFolder.Inbox, box: id)).Unwrap());

        var (otherHead, _) = await StructureAsync("Clinique Ouest", "Directrice");
        var foreignAdmin = await Assert.ThrowsAsync<DomainException>(() => mailbox.Grant(colleague.Id, otherHead.Caller));
        var foreignView = await Assert.ThrowsAsync<DomainException>(() => mailbox.Get(otherHead.Caller));
        await mailbox.Grant(newcomer.Id, head.Caller);
        var beforeHistory = Assert.Single(await (await newcomer.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id));
        await (await responsible.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id); // a colleague's session seals the past to the newcomer
        var afterHistory = Assert.Single(await (await newcomer.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id));

        await mailbox.Revoke(reader.Id, head.Caller);
        var withdrawn = await Assert.ThrowsAsync<DomainException>(() => reader.MailAsync(Services).ContinueWith(t => t.Result.ListAsync(MailFolder.Inbox, box: id)).Unwrap());
        var ring = await mailbox.GetRing(responsible.Caller);
        var keepResponsible = await Assert.ThrowsAsync<DomainException>(() => mailbox.Revoke(responsible.Id, head.Caller));
        await mailbox.SetResponsible(colleague.Id, head.Caller); // the service outlives its responsible: another is named, granted with it
        await mailbox.Revoke(responsible.Id, head.Caller);
        var handedOver = await (await colleague.MailAsync(Services)).ListAsync(MailFolder.Inbox, box: id);
        var view2 = await mailbox.Get(head.Caller);

        Assert.Equal(DomainErrorCode.Forbidden, notAdmin.Code);
        Assert.Equal("cardiologie.hopital-nord@collab.localhost", view.Address);
        Assert.Contains(twice.Errors!, e => e.Field == "name");
        Assert.Contains(outside.Errors!, e => e.Field == "readers");
        Assert.Equal("Patient adressé", Assert.Single(forResponsible).Content.Subject);
        Assert.Equal("Dyspnée d'effort.", Assert.Single(forReader).Content.Body);
        Assert.True(forReader.Single().Flagged);
        Assert.False(forResponsible.Single().Flagged);
        Assert.Equal(DomainErrorCode.Forbidden, refused.Code);
        Assert.Equal(DomainErrorCode.Forbidden, foreignAdmin.Code);
        Assert.Equal(DomainErrorCode.Forbidden, foreignView.Code);
        Assert.False(beforeHistory.Readable);
        Assert.True(afterHistory.Readable);
        Assert.Equal("Patient adressé", afterHistory.Content.Subject);
        Assert.Equal(DomainErrorCode.Forbidden, withdrawn.Code);
        Assert.Equal(3, ring.Count); // created, newcomer granted, reader withdrawn: each a new version
        Assert.Contains(keepResponsible.Errors!, e => e.Field == "reader");
        Assert.Equal(colleague.Id, view2.Holder);
        Assert.DoesNotContain(responsible.Id, view2.Readers!);
        Assert.Single(handedOver); // arrived before the colleague's grant: readable once a colleague's session shared the past
        Assert.Equal(5, (await mailbox.GetRing(colleague.Caller)).Count);
        Assert.Contains(await Database.RowsAsync($"SELECT acting_for FROM audit_event WHERE action = 'mailbox.open' OR action = 'mailbox.read' AND actor = 'practitioner:{reader.Id.Value}'"),
            r => (string?)r[0] == $"mailbox:{id}");
    }

    [Fact]
    public async Task An_applicative_mailboxs_keys_are_hashed_scoped_and_revocable_and_a_receiving_key_opens_its_mail()
    {
        var (head, structure) = await StructureAsync("Clinique Est");
        var responsible = await Clinician.RegisterAsync(Grains, "Biologiste", structure: structure);
        var gp = await Clinician.RegisterAsync(Grains, "Prescripteur");
        var id = Guid.NewGuid();
        var lab = Grains.GetGrain<IMailboxGrain>(id);
        var view = await lab.Create(new SharedMailboxSpec(MailboxKind.Applicative, structure, "Laboratoire", responsible.Id, []), head.Caller);

        var byReader = await Assert.ThrowsAsync<DomainException>(() => lab.IssueKey(MailKeyScopes.Send, responsible.Caller));
        var sending = await lab.IssueKey(MailKeyScopes.Send, head.Caller);
        var receiving = await lab.IssueKey(MailKeyScopes.Send | MailKeyScopes.Receive, head.Caller);
        var software = new Caller("smtp", null, "10.0.0.9", null);
        var asSender = await lab.Authenticate(sending.Secret, MailKeyScopes.Send, software);
        var outOfScope = await Assert.ThrowsAsync<DomainException>(() => lab.Authenticate(sending.Secret, MailKeyScopes.Receive, software));
        var forged = MailKeySecret.Create(id, sending.Id).ToString(); // the right ids, another secret
        var wrong = await Assert.ThrowsAsync<DomainException>(() => lab.Authenticate(forged, MailKeyScopes.Send, software));

        await (await gp.MailAsync(Services)).SendAsync([view.Address], "Demande d'analyse", "NFS, ionogramme.");
        var asReceiver = await lab.Authenticate(receiving.Secret, MailKeyScopes.Receive, software);
        var secret = MailKeySecret.Parse(receiving.Secret)!;
        var entries = await lab.List(MailFolder.Inbox, 0, 10, asReceiver);
        using (var keys = secret.KeyPair())
        {
            Assert.Equal("Demande d'analyse", MailPost.Open(Assert.Single(entries), keys, secret.Key, await lab.GetRing(asReceiver)).Content.Subject);
        }

        await lab.RevokeKey(receiving.Id, head.Caller);
        var revoked = await Assert.ThrowsAsync<DomainException>(() => lab.Authenticate(receiving.Secret, MailKeyScopes.Receive, software));
        var revokedCaller = await Assert.ThrowsAsync<DomainException>(() => lab.List(MailFolder.Inbox, 0, 10, asReceiver));
        var dump = await Database.DumpAsync();

        Assert.Equal(DomainErrorCode.Forbidden, byReader.Code);
        Assert.Equal($"mailkey:{sending.Id}", asSender.Actor);
        Assert.Equal($"mailbox:{id}", asSender.ActingFor);
        Assert.Equal(DomainErrorCode.Unauthenticated, outOfScope.Code);
        Assert.Equal(DomainErrorCode.Unauthenticated, wrong.Code);
        Assert.Equal(DomainErrorCode.Unauthenticated, revoked.Code);
        Assert.Equal(DomainErrorCode.Forbidden, revokedCaller.Code);
        Assert.Empty(TestDatabase.SecretFoundIn(dump, MailKeySecret.Parse(sending.Secret)!.Secret));
        Assert.Empty(TestDatabase.FormsFoundIn(dump, receiving.Secret));
        Assert.Contains(await Database.RowsAsync($"SELECT actor FROM audit_event WHERE action = 'mailbox.read' AND object_id = '{id}'"), r => (string)r[0]! == $"mailkey:{receiving.Id}");
    }

    private async Task<(Clinician Head, Guid Structure)> StructureAsync(string name, string head = "Chef")
    {
        var admin = await Clinician.RegisterAsync(Grains, head);
        var structure = Guid.NewGuid();
        await Grains.GetGrain<IStructureGrain>(structure).Create(new StructureInfo(name, "750000002", "Paris"), admin.Id, Platform);
        return (admin, structure);
    }
}
