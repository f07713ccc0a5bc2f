using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Grains.Audit;
using Collab.Grains.Consultations;
using Collab.Testing;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Mailboxes;

/// <summary>Nominative secure mailboxes through the web side of the boundary: send, file, open, and nothing readable at rest.</summary>
public sealed class MailboxTests : ClusterTest
{
    [Fact]
    public async Task A_message_reaches_the_recipients_mailbox_encrypted_is_opened_by_them_alone_and_traced()
    {
        var marker = "CANARY-" + Guid.NewGuid().ToString("N");
        var lab = await Clinician.RegisterAsync(Grains, "Biologiste");
        var gp = await Clinician.RegisterAsync(Grains, "Traitant");
        var outsider = await Clinician.RegisterAsync(Grains, "Curieux");
        var sender = await lab.MailAsync(Services);
        await sender.SendAsync([gp.Id.Value.ToString()], $"Résultats {marker}-objet", $"Kaliémie 6,1 mmol/L. {marker}-corps");

        var reader = await gp.MailAsync(Services);
        var inbox = await reader.ListAsync(MailFolder.Inbox);
        var unreadBefore = (await reader.MailboxAsync()).Unread;
        var opened = await reader.OpenAsync(inbox.Single().Sequence);
        var sent = await sender.ListAsync(MailFolder.Sent);
        var mailbox = Grains.GetGrain<IMailboxGrain>(gp.Id.Value);
        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => mailbox.List(MailFolder.Inbox, 0, 10, outsider.Caller)),
            await Assert.ThrowsAsync<DomainException>(() => mailbox.Open(opened.Sequence, outsider.Caller)),
            await Assert.ThrowsAsync<DomainException>(() => mailbox.Delete(opened.Sequence, outsider.Caller)),
            await Assert.ThrowsAsync<DomainException>(() => mailbox.Get(outsider.Caller)),
        };
        await reader.MoveAsync(opened.Sequence, MailFolder.Archive);
        var archived = await reader.ListAsync(MailFolder.Archive);
        var found = await reader.SearchAsync("KALIEMIE mmol");
        var notFound = await reader.SearchAsync("kaliémie glycémie");
        var dump = await Database.DumpAsync();

        Assert.Equal($"Kaliémie 6,1 mmol/L. {marker}-corps", opened.Content.Body);
        Assert.Equal($"Résultats {marker}-objet", Assert.Single(sent).Content.Subject);
        Assert.Equal(lab.Id, opened.From);
        Assert.Equal(1, unreadBefore);
        Assert.Equal(0, (await reader.MailboxAsync()).Unread);
        Assert.Equal("test.traitant@collab.localhost", (await reader.MailboxAsync()).Address);
        Assert.All(refusals, e => Assert.Equal(DomainErrorCode.Forbidden, e.Code));
        Assert.Equal(opened.Sequence, Assert.Single(archived).Sequence);
        Assert.Equal(opened.Sequence, Assert.Single(found).Sequence); // every word, case and accents ignored, in any folder
        Assert.Empty(notFound);
        Assert.Empty(TestDatabase.FormsFoundIn(dump, marker));
        Assert.Equal(1, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{gp.Id.Value}' AND action = 'mailbox.open'"));
        Assert.True(await Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_id = '{gp.Id.Value}' AND action = 'mailbox.access' AND outcome = {(int)AuditOutcome.Refused}") >= refusals.Length);
        Assert.Contains(Outbox.Messages, m => m.To == "traitant@example.org" && m.Subject == "Collab : nouveau message sécurisé" && !m.Body.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_its_reason_and_a_deleted_message_leaves_no_key_of_its_holder()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var a = await alice.MailAsync(Services);
        var empty = await Assert.ThrowsAsync<DomainException>(() => a.SendAsync([bob.Id.Value.ToString()], " ", ""));
        var nobody = await Assert.ThrowsAsync<DomainException>(() => a.SendAsync([], "Objet", "Corps"));
        var forged = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IMailboxGrain>(bob.Id.Value).Deliver(new MailDelivery(Guid.NewGuid(), [1, 2, 3], [4]), alice.Caller));
        await a.SendAsync([bob.Id.Value.ToString()], "Objet", "Corps");
        var b = await bob.MailAsync(Services);
        var message = Assert.Single(await b.ListAsync(MailFolder.Inbox));
        var bobsKey = await Database.ScalarAsync<byte[]>($"SELECT sealed_key FROM mail_item WHERE mailbox_id = '{bob.Id.Value}'");

        await b.DeleteAsync(message.Sequence);
        var again = await Assert.ThrowsAsync<DomainException>(() => b.DeleteAsync(message.Sequence));
        var dump = await Database.DumpAsync();

        Assert.Equal(["subject", "body"], empty.Errors.Select(e => e.Field));
        Assert.Equal("to", Assert.Single(nobody.Errors).Field);
        Assert.Equal(["sealedKey"], forged.Errors.Select(e => e.Field));
        Assert.Equal(DomainErrorCode.NotFound, again.Code);
        Assert.Empty(TestDatabase.SecretFoundIn(dump, bobsKey!)); // Bob's copy of the key went with his message
        Assert.Equal(0, await Database.ScalarAsync<long>($"SELECT count(*) FROM mail_item WHERE mailbox_id = '{bob.Id.Value}'"));
        Assert.Single(await a.ListAsync(MailFolder.Sent)); // the sender's copy is theirs
    }

    [Fact]
    public async Task An_attachment_is_read_by_each_holder_and_its_file_goes_with_the_last_copy_of_the_message()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var store = Services.GetRequiredService<IAttachmentStore>();
        var pdf = System.Text.Encoding.UTF8.GetBytes("%PDF-1.7 compte rendu " + Guid.NewGuid());
        var messageId = Guid.NewGuid();
        var file = await ConversationClient.StoreFileAsync(store, messageId, new MemoryStream(pdf), "cr.pdf", "application/pdf", pdf.Length);
        var a = await alice.MailAsync(Services);
        await a.SendAsync([bob.Id.Value.ToString()], "Compte rendu", "Ci-joint.", messageId, [file]);
        var b = await bob.MailAsync(Services);
        var received = Assert.Single(await b.ListAsync(MailFolder.Inbox));
        var read = new MemoryStream();
        await b.ReadAttachmentAsync(store, received.Sequence, file.FileId!.Value, read);

        await b.DeleteAsync(received.Sequence);
        var chunksWhileAliceHoldsIt = await Database.ScalarAsync<long>($"SELECT count(*) FROM attachment_chunk WHERE owner_id = '{messageId}'");
        await a.DeleteAsync(Assert.Single(await a.ListAsync(MailFolder.Sent)).Sequence);

        Assert.Equal(pdf, read.ToArray());
        Assert.Equal("cr.pdf", Assert.Single(received.Content.Attachments).Name);
        Assert.True(chunksWhileAliceHoldsIt > 0);
        Assert.Equal(0, await Database.ScalarAsync<long>($"SELECT count(*) FROM attachment_chunk WHERE owner_id = '{messageId}'"));
    }

    [Fact]
    public async Task Namesakes_get_distinct_addresses_each_kept_for_good()
    {
        // Validation claims the address without waiting for it: the first one's is read before the namesake exists.
        var first = await Clinician.RegisterAsync(Grains, "O'Neil");
        var firstAddress = (await (await first.MailAsync(Services)).MailboxAsync()).Address;
        var second = await Clinician.RegisterAsync(Grains, "O-Neil"); // the same address once folded

        var secondAddress = (await (await second.MailAsync(Services)).MailboxAsync()).Address;
        var firstAgain = (await (await first.MailAsync(Services)).MailboxAsync()).Address;

        Assert.Equal("test.o-neil@collab.localhost", firstAddress);
        Assert.Equal("test.o-neil2@collab.localhost", secondAddress);
        Assert.Equal(firstAddress, firstAgain);
    }

    [Fact]
    public async Task A_draft_is_saved_encrypted_replaced_when_saved_again_and_filed_as_sent_when_sent_and_nobody_else_can_overwrite_it()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Redactrice");
        var bob = await Clinician.RegisterAsync(Grains, "Destinataire");
        var mallory = await Clinician.RegisterAsync(Grains, "Intrus");
        var a = await alice.MailAsync(Services);
        var id = Guid.NewGuid();
        await a.SaveDraftAsync(id, [bob.Id.Value.ToString()], "Avis sur le bilan", "Premier jet");
        await a.SaveDraftAsync(id, [bob.Id.Value.ToString()], "Avis sur le bilan", "Version relue");
        var drafts = await a.ListAsync(MailFolder.Drafts);
        await (await mallory.MailAsync(Services)).SendAsync([alice.Id.Value.ToString()], "Remplacé ?", "Texte de l'intrus", id);
        var afterMallory = await a.ListAsync(MailFolder.Drafts);
        var inShared = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IMailboxGrain>(bob.Id.Value).SaveDraft(new MailDelivery(Guid.NewGuid(), new byte[80], [1]), alice.Caller));
        await a.SendAsync([bob.Id.Value.ToString()], "Avis sur le bilan", "Version relue", id);

        Assert.Equal("Version relue", Assert.Single(drafts).Content.Body);
        Assert.Equal("Version relue", Assert.Single(afterMallory).Content.Body);
        Assert.Equal(DomainErrorCode.Forbidden, inShared.Code);
        Assert.Empty(await a.ListAsync(MailFolder.Drafts));
        Assert.Equal(drafts.Single().Sequence, Assert.Single(await a.ListAsync(MailFolder.Sent)).Sequence); // the draft's place, now sent
        Assert.Equal("Version relue", Assert.Single(await (await bob.MailAsync(Services)).ListAsync(MailFolder.Inbox)).Content.Body);
    }

    [Fact]
    public async Task A_folder_of_ones_own_keeps_its_name_encrypted_files_messages_and_when_deleted_sends_them_to_the_archive()
    {
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");
        var lab = await Clinician.RegisterAsync(Grains, "Expediteur");
        var gp = await Clinician.RegisterAsync(Grains, "Classeur");
        await (await lab.MailAsync(Services)).SendAsync([gp.Id.Value.ToString()], "Bilan", "Texte");
        var mail = await gp.MailAsync(Services);
        var folder = await mail.CreateFolderAsync($"Dossier {canary}");
        var second = await mail.CreateFolderAsync("Cardiologie");
        var message = Assert.Single(await mail.ListAsync(MailFolder.Inbox));
        await mail.MoveAsync(message.Sequence, (MailFolder)folder.Id);
        var inFolder = await mail.ListAsync((MailFolder)folder.Id);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => mail.MoveAsync(message.Sequence, (MailFolder)(MailFolderList.First + 7)));
        var dump = await Database.DumpAsync();
        var names = (await mail.FoldersAsync()).Select(f => f.Name).ToList();
        await mail.DeleteFolderAsync(folder.Id);

        Assert.Equal([$"Dossier {canary}", "Cardiologie"], names);
        Assert.Equal(MailFolderList.First + 1, second.Id);
        Assert.Equal(message.Sequence, Assert.Single(inFolder).Sequence);
        Assert.Equal(DomainErrorCode.InvalidInput, unknown.Code);
        Assert.Empty(TestDatabase.FormsFoundIn(dump, canary));
        Assert.Equal(["Cardiologie"], (await mail.FoldersAsync()).Select(f => f.Name));
        Assert.Equal(message.Sequence, Assert.Single(await mail.ListAsync(MailFolder.Archive)).Sequence);
    }
}
