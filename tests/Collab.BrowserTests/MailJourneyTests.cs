using Collab.Testing;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>The webmail on the demo data: the GP Julie Petit drafts, takes up and sends a message to Dr Louis Bernard's secure mailbox; he reads it, answers, files and finds it.</summary>
public sealed class MailJourneyTests() : BrowserTest(demo: true)
{
    [Fact]
    public async Task A_gp_writes_to_a_colleagues_secure_mailbox_and_he_reads_and_archives_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var julie = await NewPageAsync();
        await LogInWithEmailedCodeAsync(julie, "julie.petit@cabinet-demo.fr", DemoData.Password);
        await julie.GetByRole(AriaRole.Link, new() { Name = "Messagerie" }).ClickAsync();
        await Assertions.Expect(julie.GetByTestId("mail-address")).ToContainTextAsync("julie.petit@collab.localhost");
        await julie.GetByRole(AriaRole.Searchbox, new() { Name = "Chercher un confrère" }).FillAsync("Bernard");
        await julie.GetByRole(AriaRole.Button, new() { Name = "Chercher un confrère" }).ClickAsync();
        await julie.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ajouter Bernard Louis$") }).ClickAsync();
        await julie.GetByLabel("Objet").FillAsync($"Compte rendu d'échographie {tag}");
        await julie.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync($"Bonjour, voici le compte rendu. corps{tag}");
        var report = System.Text.Encoding.UTF8.GetBytes($"%PDF-1.4 compte rendu {tag}");
        await julie.GetByLabel("Pièces jointes (20 Mo chacune au plus)").SetInputFilesAsync(new FilePayload { Name = "echographie.pdf", MimeType = "application/pdf", Buffer = report });
        await Assertions.Expect(julie.GetByTestId("mail-files")).ToHaveTextAsync("echographie.pdf");

        // Saved as a draft first, then taken up again from the drafts: recipient, subject, text and file come back.
        await julie.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await Assertions.Expect(julie.GetByRole(AriaRole.Status)).ToContainTextAsync("Brouillon chiffré et enregistré.");
        await julie.GetByTestId("folder-Drafts").ClickAsync();
        await julie.GetByTestId("mail-list").GetByRole(AriaRole.Button, new() { Name = $"Compte rendu d'échographie {tag}" }).ClickAsync();
        await julie.GetByRole(AriaRole.Button, new() { Name = "Reprendre" }).ClickAsync();
        await Assertions.Expect(julie.GetByLabel("Objet")).ToHaveValueAsync($"Compte rendu d'échographie {tag}");
        await Assertions.Expect(julie.GetByTestId("colleagues-chosen")).ToContainTextAsync("Louis Bernard");
        await Assertions.Expect(julie.GetByTestId("mail-files")).ToHaveTextAsync("echographie.pdf");
        await julie.GetByRole(AriaRole.Button, new() { Name = "Envoyer de façon sécurisée" }).ClickAsync();
        await Assertions.Expect(julie.GetByRole(AriaRole.Status)).ToContainTextAsync("Message chiffré et envoyé.");
        await Assertions.Expect(julie.GetByTestId("folder-Drafts")).ToContainTextAsync("(0)");
        await julie.GetByTestId("folder-Sent").ClickAsync();
        await Assertions.Expect(julie.GetByTestId("mail-list")).ToContainTextAsync($"Compte rendu d'échographie {tag}");

        var louis = await NewPageAsync();
        await LogInWithEmailedCodeAsync(louis, "louis.bernard@hopital-demo.fr", DemoData.Password);
        await louis.GotoAsync($"{Base}/mail");
        await Assertions.Expect(louis.GetByTestId("folder-Inbox")).ToContainTextAsync("1 non lu(s)");
        await louis.GetByTestId("mail-list").GetByRole(AriaRole.Button, new() { Name = $"Compte rendu d'échographie {tag}" }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("mail-body")).ToHaveTextAsync($"Bonjour, voici le compte rendu. corps{tag}");
        var download = await louis.RunAndWaitForDownloadAsync(() => louis.GetByTestId("mail-attachments").GetByRole(AriaRole.Link, new() { Name = "echographie.pdf" }).ClickAsync());
        Assert.Equal(report, await File.ReadAllBytesAsync(await download.PathAsync()));
        await louis.ScreenshotAsync(new() { Path = Screenshot("mail-read.png"), FullPage = true });

        // Louis answers: the sender is chosen, the subject marked and the message quoted; Julie finds it in her inbox.
        await louis.GetByRole(AriaRole.Button, new() { Name = "Répondre" }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("colleagues-chosen")).ToContainTextAsync("Julie Petit");
        await Assertions.Expect(louis.GetByLabel("Objet")).ToHaveValueAsync($"RE : Compte rendu d'échographie {tag}");
        await Assertions.Expect(louis.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"corps{tag}"));
        await louis.GetByRole(AriaRole.Button, new() { Name = "Envoyer de façon sécurisée" }).ClickAsync();
        await Assertions.Expect(louis.GetByRole(AriaRole.Status)).ToContainTextAsync("Message chiffré et envoyé.");
        await julie.GetByTestId("folder-Inbox").ClickAsync();
        await Assertions.Expect(julie.GetByTestId("mail-list")).ToContainTextAsync($"RE : Compte rendu d'échographie {tag}");
        await louis.GetByTestId("folder-Inbox").ClickAsync();
        await louis.GetByTestId("mail-list").GetByRole(AriaRole.Button, new() { Name = $"Compte rendu d'échographie {tag}" }).ClickAsync();
        await louis.GetByRole(AriaRole.Button, new() { Name = "Archiver" }).ClickAsync();
        await louis.GetByTestId("folder-Archive").ClickAsync();
        await Assertions.Expect(louis.GetByTestId("mail-list")).ToContainTextAsync($"Compte rendu d'échographie {tag}");
        await Assertions.Expect(louis.GetByTestId("folder-Inbox")).Not.ToContainTextAsync("non lu");
        await louis.GetByLabel("Chercher dans ma messagerie").FillAsync("ECHOGRAPHIE");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Chercher", Exact = true }).ClickAsync();
        await Assertions.Expect(louis.GetByRole(AriaRole.Heading, new() { Name = "2 message(s) trouvé(s)" })).ToBeVisibleAsync(); // the message, archived, and the answer, sent
        await Assertions.Expect(louis.GetByTestId("mail-list")).ToContainTextAsync($"Compte rendu d'échographie {tag}");
        Assert.Contains(Factory.Outbox.Messages, m => m.To == "louis.bernard@hopital-demo.fr" && m.Subject == "Collab : nouveau message sécurisé" && !m.Body.Contains(tag, StringComparison.Ordinal));

        // A folder of his own (its name encrypted to him): the message filed there from the archive.
        await louis.GetByLabel("Nouveau dossier").FillAsync("Échographies à revoir");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Créer", Exact = true }).ClickAsync();
        await louis.GetByTestId("folder-Archive").ClickAsync();
        await Assertions.Expect(louis.GetByRole(AriaRole.Heading, new() { Name = "Archives" })).ToBeVisibleAsync();
        await louis.GetByTestId("mail-list").GetByRole(AriaRole.Button, new() { Name = $"Compte rendu d'échographie {tag}", Exact = true }).ClickAsync();
        await louis.GetByLabel("Classer dans…").SelectOptionAsync(new SelectOptionValue { Label = "Échographies à revoir" });
        await Assertions.Expect(louis.GetByRole(AriaRole.Button, new() { Name = "Échographies à revoir (1)" })).ToBeVisibleAsync();
        await louis.GetByRole(AriaRole.Button, new() { Name = "Échographies à revoir (1)" }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("mail-list")).ToContainTextAsync($"Compte rendu d'échographie {tag}");
        await Assertions.Expect(louis.GetByRole(AriaRole.Heading, new() { Name = "Échographies à revoir" })).ToBeVisibleAsync();
    }
}
