using Collab.Testing;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// A group discussion between colleagues, in three browser contexts on the demo data: Dr Claire Martin starts it with
/// Dr Louis Bernard and the GP Julie Petit; they talk live, answer a message, share an image and a voice note recorded from Chromium's
/// fake microphone and played by the others; Julie mentions Louis, who muted it and is told by email; Claire keeps it; Claire
/// removes Julie, who sees nothing written after.
/// </summary>
public sealed class DiscussionJourneyTests() : BrowserTest(demo: true)
{
    // A 48×32 red PNG: a "planning" to share.
    private const string Image = "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR4nO3OQQ0AAAgEIJPYP4qxbOH5YCMANd2vVHwgJCQklB4ICQkJpQdCQkJC6YGQkNCxBcrgGFt1WfHkAAAAAElFTkSuQmCC";

    [Fact]
    public async Task Three_colleagues_talk_live_and_a_removed_member_sees_nothing_written_after()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var claire = await NewPageAsync();
        await LogInWithEmailedCodeAsync(claire, "claire.martin@hopital-demo.fr", DemoData.Password);
        var louis = await NewPageAsync();
        await LogInWithEmailedCodeAsync(louis, "louis.bernard@hopital-demo.fr", DemoData.Password);
        var julie = await NewPageAsync();
        await LogInWithEmailedCodeAsync(julie, "julie.petit@cabinet-demo.fr", DemoData.Password);

        // Claire finds her two colleagues in the directory and starts the discussion.
        await claire.GotoAsync($"{Base}/discussions");
        await Assertions.Expect(claire.GetByText("Aucune discussion pour l'instant.")).ToBeVisibleAsync(); // the circuit is live
        foreach (var (search, name) in new[] { ("Bernard", "Bernard Louis"), ("Petit", "Petit Julie") })
        {
            await claire.GetByRole(AriaRole.Searchbox, new() { Name = "Chercher un confrère" }).FillAsync(search);
            await claire.GetByRole(AriaRole.Button, new() { Name = "Chercher un confrère" }).ClickAsync();
            await claire.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^Ajouter {name}$") }).ClickAsync();
        }

        await Assertions.Expect(claire.GetByTestId("colleagues-chosen")).ToContainTextAsync("Petit Julie");
        await claire.GetByLabel("Nom (facultatif ; pas de donnée patient)").FillAsync($"Concertation {tag}");
        await claire.GetByRole(AriaRole.Button, new() { Name = "Démarrer la discussion" }).ClickAsync();
        await Assertions.Expect(claire.GetByTestId("discussion-title")).ToHaveTextAsync($"Concertation {tag}");
        var address = claire.Url;

        // The others find it in their list, unread, and open it; messages arrive live on every page.
        await claire.Locator("#message").FillAsync($"Qui est d'astreinte ce week-end ? premier{tag}");
        await claire.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(claire.GetByTestId("messages")).ToContainTextAsync($"premier{tag}"); // stored
        await louis.GotoAsync($"{Base}/");
        await Assertions.Expect(louis.GetByTestId("home-discussions").Locator("li", new() { HasText = $"Concertation {tag}" })).ToContainTextAsync("1 non lu(s)");
        foreach (var page in new[] { louis, julie })
        {
            await page.GotoAsync($"{Base}/discussions");
            await Assertions.Expect(page.GetByTestId("nav-unread")).ToHaveTextAsync("1");
            var row = page.GetByTestId("discussions").Locator("li", new() { HasText = $"Concertation {tag}" });
            await Assertions.Expect(row.GetByTestId("unread")).ToHaveTextAsync("1 non lu(s)");
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync($"premier{tag}");
        }

        await julie.Locator("#message").FillAsync($"Moi, samedi. reponse{tag}");
        await julie.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(claire.GetByTestId("messages")).ToContainTextAsync($"reponse{tag}");
        await Assertions.Expect(louis.GetByTestId("messages")).ToContainTextAsync($"reponse{tag}");

        // Louis answers Claire's question itself: the reply quotes it on every page.
        await louis.GetByTestId("messages").Locator("li", new() { HasText = $"premier{tag}" })
            .GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Répondre") }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("replying")).ToContainTextAsync($"premier{tag}");
        await louis.Locator("#message").FillAsync($"Et moi dimanche. reponse2{tag}");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        var reply = claire.GetByTestId("messages").Locator("li", new() { HasText = $"reponse2{tag}" });
        await Assertions.Expect(reply.GetByTestId("quote")).ToContainTextAsync($"Dr Claire Martin : Qui est d'astreinte ce week-end ? premier{tag}");

        // Louis shares an image; Claire records a voice note (Chromium's fake microphone); the others play it, faster.
        await louis.GetByLabel("Joindre un fichier").SetInputFilesAsync(new FilePayload { Name = "planning.png", MimeType = "image/png", Buffer = Convert.FromBase64String(Image) });
        await Assertions.Expect(claire.Locator("img.preview[alt='planning.png']")).ToBeVisibleAsync();
        await claire.GetByTestId("voice-record").ClickAsync();
        await Assertions.Expect(claire.GetByTestId("voice-stop")).ToBeVisibleAsync();
        await claire.WaitForTimeoutAsync(1500);
        await claire.GetByTestId("voice-stop").ClickAsync();
        foreach (var page in new[] { louis, julie })
        {
            var note = page.GetByTestId("voice-note").Locator("audio");
            await Assertions.Expect(note).ToHaveCountAsync(1);
            await page.GetByTestId("voice-note").GetByRole(AriaRole.Button, new() { Name = "1,5×" }).ClickAsync();
            await note.EvaluateAsync("audio => audio.play()");
            await page.WaitForFunctionAsync("() => { const a = document.querySelector('[data-testid=voice-note] audio'); return a.currentTime > 0.2 && a.playbackRate === 1.5; }");
        }

        await claire.ScreenshotAsync(new() { Path = Screenshot("discussion-live.png") });

        // Louis downloads the whole discussion, then Julie's message alone, as PDF.
        var whole = await PdfTextAsync(louis, () => louis.GetByTestId("export").ClickAsync(), "discussion.pdf");
        Assert.Contains($"premier{tag}", whole, StringComparison.Ordinal);
        Assert.Contains($"reponse2{tag}", whole, StringComparison.Ordinal);
        Assert.Contains("planning.png", whole, StringComparison.Ordinal);
        Assert.Contains("Note vocale", whole, StringComparison.Ordinal);
        Assert.Contains("Document généré par Collab pour Dr Louis Bernard", whole, StringComparison.Ordinal);
        var one = await PdfTextAsync(louis, () => louis.GetByTestId("messages").Locator("li", new() { HasText = $"reponse{tag}" }).First
            .GetByRole(AriaRole.Link, new() { Name = "Télécharger ce message en PDF (Dr Julie Petit" }).ClickAsync(), "message.pdf");
        Assert.Contains($"reponse{tag}", one, StringComparison.Ordinal);
        Assert.DoesNotContain($"premier{tag}", one, StringComparison.Ordinal);

        // Louis mutes the discussion and leaves its page; Julie mentions him: he is told by email (no content), while
        // Claire, reading, is told nothing. Claire keeps the discussion past 30 days.
        await louis.GetByRole(AriaRole.Button, new() { Name = "Mettre en sourdine" }).ClickAsync();
        await Assertions.Expect(louis.GetByRole(AriaRole.Button, new() { Name = "Réactiver les notifications" })).ToBeVisibleAsync();
        await louis.GotoAsync($"{Base}/discussions");
        await julie.Locator("#message").FillAsync($"@Bernard tu confirmes dimanche ? mention{tag}");
        await julie.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(claire.GetByTestId("messages")).ToContainTextAsync($"mention{tag}");
        // Julie's page tells the grain whom she mentioned once her message is placed (traced): then a minute passes.
        await Eventually.Get(() => Factory.Database.ScalarAsync<long>("SELECT count(*) FROM audit_event WHERE action = 'discussion.mention'"), n => n > 0, TimeSpan.FromSeconds(20), "the mention");
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => Factory.Outbox.Messages.Any(m => m.To == "louis.bernard@hopital-demo.fr" && m.Subject == "Collab : un collègue vous mentionne"), "Louis's notice");
        var mention = Factory.Outbox.Messages.Last(m => m.To == "louis.bernard@hopital-demo.fr" && m.Subject == "Collab : un collègue vous mentionne");
        Assert.Contains(new Uri(address).AbsolutePath, mention.Body, StringComparison.Ordinal); // a link to the discussion
        Assert.DoesNotContain("dimanche", mention.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.Outbox.Messages, m => m.To == "claire.martin@hopital-demo.fr" && m.Body.Contains("/discussions/", StringComparison.Ordinal));
        await Assertions.Expect(claire.GetByTestId("retention")).ToContainTextAsync("supprimés 30 jours après leur envoi");
        await claire.GetByTestId("keep").ClickAsync();
        await Assertions.Expect(claire.GetByTestId("retention")).ToContainTextAsync("Discussion conservée");
        await claire.ScreenshotAsync(new() { Path = Screenshot("discussion-kept.png"), FullPage = true });
        await louis.GotoAsync(address);
        await Assertions.Expect(louis.GetByTestId("messages")).ToContainTextAsync($"mention{tag}");

        // Claire removes Julie; what is written next reaches Louis and not Julie, whose page says so.
        await claire.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Retirer .*Julie Petit$") }).ClickAsync();
        await Assertions.Expect(claire.GetByTestId("members")).Not.ToContainTextAsync("Julie Petit");
        await claire.Locator("#message").FillAsync($"Entre nous deux désormais. apres{tag}");
        await claire.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("messages")).ToContainTextAsync($"apres{tag}");
        await Assertions.Expect(julie.GetByTestId("no-longer")).ToBeVisibleAsync();
        await Assertions.Expect(julie.Locator("#message")).ToHaveCountAsync(0);
        await julie.ScreenshotAsync(new() { Path = Screenshot("discussion-removed.png") });
        await Assertions.Expect(julie.GetByTestId("messages")).Not.ToContainTextAsync($"apres{tag}");

        // Louis finds Julie's answer from his list, by a word of it typed in capitals.
        await louis.GotoAsync($"{Base}/discussions");
        await Assertions.Expect(louis.GetByTestId("discussions")).ToBeVisibleAsync();
        await louis.GetByLabel("Chercher dans mes discussions").FillAsync("SAMEDI");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Chercher", Exact = true }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("search-results")).ToContainTextAsync($"reponse{tag}");
        await Assertions.Expect(louis.GetByTestId("search-results")).Not.ToContainTextAsync($"premier{tag}");

        await julie.GotoAsync(address);
        await Assertions.Expect(julie.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Accès refusé");
        await Assertions.Expect(julie.GetByText($"apres{tag}")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_one_to_one_becomes_a_group_and_the_colleague_added_reads_the_history_the_owner_opened_to_them()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var louis = await NewPageAsync();
        await LogInWithEmailedCodeAsync(louis, "louis.bernard@hopital-demo.fr", DemoData.Password);
        var julie = await NewPageAsync();
        await LogInWithEmailedCodeAsync(julie, "julie.petit@cabinet-demo.fr", DemoData.Password);

        // Louis writes to Julie alone: the discussion is called by her name.
        await louis.GotoAsync($"{Base}/discussions");
        await Assertions.Expect(louis.GetByRole(AriaRole.Button, new() { Name = "Démarrer la discussion" })).ToBeVisibleAsync();
        await louis.GetByRole(AriaRole.Searchbox, new() { Name = "Chercher un confrère" }).FillAsync("Petit");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Chercher un confrère" }).ClickAsync();
        await louis.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ajouter Petit Julie$") }).ClickAsync();
        await louis.GetByRole(AriaRole.Button, new() { Name = "Démarrer la discussion" }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("discussion-title")).ToHaveTextAsync("Dr Julie Petit");
        await louis.Locator("#message").FillAsync($"Ton patient de 14 h est arrivé. avant{tag}");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await julie.GotoAsync(louis.Url);
        await Assertions.Expect(julie.GetByTestId("messages")).ToContainTextAsync($"avant{tag}");

        // Louis brings Claire in and opens the history to her: she reads what was said before she came.
        await louis.GetByRole(AriaRole.Searchbox, new() { Name = "Chercher un confrère" }).FillAsync("Martin");
        await louis.GetByRole(AriaRole.Button, new() { Name = "Chercher un confrère" }).ClickAsync();
        await louis.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ajouter Martin Claire$") }).ClickAsync();
        await louis.GetByTestId("with-history").CheckAsync();
        await louis.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(louis.GetByTestId("members")).ToContainTextAsync("Claire Martin");
        await Assertions.Expect(julie.GetByTestId("members")).ToContainTextAsync("Claire Martin"); // live on the others' pages
        var claire = await NewPageAsync();
        await LogInWithEmailedCodeAsync(claire, "claire.martin@hopital-demo.fr", DemoData.Password);
        await claire.GotoAsync(louis.Url);
        await Assertions.Expect(claire.GetByTestId("messages")).ToContainTextAsync($"avant{tag}");
        await claire.Locator("#message").FillAsync($"Je le vois après vous. apres{tag}");
        await claire.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(julie.GetByTestId("messages")).ToContainTextAsync($"apres{tag}");
        await Assertions.Expect(louis.GetByTestId("messages")).ToContainTextAsync($"apres{tag}");
    }

    private static async Task<string> PdfTextAsync(IPage page, Func<Task> click, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        var path = Screenshot(name);
        await download.SaveAsAsync(path);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        return string.Join("\n", pdf.GetPages().Select(p => p.Text));
    }
}
