using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Mailboxes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Mailboxes;

/// <summary>The webmail: the caller's secure mailbox — folders, a message opened, a new message to colleagues.</summary>
public partial class MailPage
{
    private MailboxView? _mailbox;
    private IReadOnlyList<MailboxView> _shared = [];
    private IReadOnlyList<OwnFolder> _own = [];
    private string? _folderName;
    private Guid? _box;
    private MailFolder _folder = MailFolder.Inbox;
    private IReadOnlyList<OpenMail>? _list;
    private OpenMail? _open;
    private readonly List<DirectoryEntry> _to = [];
    private string? _subject;
    private string? _body;
    private string? _error;
    private string? _notice;
    private bool _busy;
    private string? _query;
    private readonly List<IBrowserFile> _files = [];

    // What is being written: its id (the draft's, once saved) and the files already stored under it.
    private Guid _writing = Guid.NewGuid();
    private readonly List<ItemBody> _stored = [];

    [Inject]
    private Collab.Grains.Consultations.IAttachmentStore Attachments { get; set; } = null!;
    private string? _searched;

    private Caller? Caller { get; set; }

    private PractitionerId? Me => Caller?.PractitionerId is { } me ? new PractitionerId(me) : null;

    protected override void OnNoLogin() => _error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        Caller = client.Caller;
        await Guard(ReloadAsync);
        StateHasChanged();
    }

    private async Task SearchAsync()
    {
        _busy = true;
        await Guard(async () =>
        {
            _open = null;
            _list = await (await MailAsync())!.SearchAsync(_query ?? "", _box);
            _searched = _query;
            foreach (var item in _list)
            {
                await NameAsync(item.From);
            }
        });
        _busy = false;
    }

    // Another mailbox: the caller's own (null) or a shared one they read.
    private async Task ChooseAsync(Guid? box)
    {
        _box = box;
        await ShowAsync(MailFolder.Inbox);
    }

    private async Task ShowAsync(MailFolder folder)
    {
        _searched = null;
        _folder = folder;
        _open = null;
        await Guard(ReloadAsync);
    }

    private Task OpenAsync(long sequence) => Guard(async () =>
    {
        _open = await (await MailAsync())!.OpenAsync(sequence, _box);
        await NameAsync(_open.From);
        await ReloadAsync();
    });

    // A reply to the sender: their name chosen, the subject marked, the message quoted below.
    private void Reply(OpenMail mail, PractitionerId from)
    {
        _to.Clear();
        _to.Add(new DirectoryEntry(from.Value, DirectoryKind.Practitioner, NameOf(from), null, null, null, null, null, null, null, Listed: true));
        Compose(mail, L["Mail.ReplyPrefix"]);
    }

    // A forward: recipients to choose (only colleagues' secure mailboxes can be chosen), the message below.
    private Task Forward(OpenMail mail) => Guard(async () =>
    {
        _to.Clear();
        Compose(mail, L["Mail.ForwardPrefix"]);
        if (_box is not null)
        {
            _box = null; // one writes from one's own mailbox: a shared one's message is forwarded from there
            await ReloadAsync();
        }
    });

    private void Compose(OpenMail mail, string prefix)
    {
        _subject = mail.Content.Subject.StartsWith(prefix, StringComparison.Ordinal) ? mail.Content.Subject : $"{prefix} {mail.Content.Subject}";
        _body = $"\n\n— {SenderOf(mail)}, {TimeText.Time(mail.ReceivedAt)} :\n{mail.Content.Body}";
        _open = null;
        _notice = null;
    }

    private Task MoveAsync(OpenMail mail, MailFolder folder) => Guard(async () =>
    {
        await (await MailAsync())!.MoveAsync(mail.Sequence, folder, _box);
        _open = null;
        await ReloadAsync();
    });

    private string FolderName(MailFolder folder) =>
        Enum.IsDefined(folder) ? L[$"Mail.{folder}"] : _own.FirstOrDefault(o => o.Id == (int)folder)?.Name ?? "";

    private Task CreateFolderAsync() => Guard(async () =>
    {
        await (await MailAsync())!.CreateFolderAsync(_folderName ?? "");
        _folderName = null;
        await ReloadAsync();
    });

    // Its messages go to the archive.
    private Task DeleteFolderAsync() => Guard(async () =>
    {
        await (await MailAsync())!.DeleteFolderAsync((int)_folder);
        _folder = MailFolder.Archive;
        _open = null;
        await ReloadAsync();
    });

    private Task FlagAsync(OpenMail mail) => Guard(async () =>
    {
        await (await MailAsync())!.FlagAsync(mail.Sequence, !mail.Flagged, _box);
        _open = mail with { Flagged = !mail.Flagged };
        await ReloadAsync();
    });

    private Task DeleteAsync(OpenMail mail) => Guard(async () =>
    {
        await (await MailAsync())!.DeleteAsync(mail.Sequence, _box);
        _open = null;
        await ReloadAsync();
    });

    // Files of at most 20 MB each, encrypted into the store when the message is sent.
    private void Attach(InputFileChangeEventArgs e)
    {
        var files = e.GetMultipleFiles(20);
        if (files.FirstOrDefault(f => f.Size > Collab.Web.Components.Consultations.NewRequest.MaxFileBytes) is { } tooBig)
        {
            _error = string.Format(System.Globalization.CultureInfo.CurrentCulture, L["Request.FileTooBig"], tooBig.Name);
            return;
        }

        _files.Clear();
        _files.AddRange(files);
    }

    private async Task SendAsync()
    {
        _busy = true;
        await Guard(async () =>
        {
            await StoreFilesAsync();
            await (await MailAsync())!.SendAsync([.. _to.Select(c => c.Id.ToString())], _subject ?? "", _body ?? "", _writing, [.. _stored]);
            _notice = L["Mail.SentNotice"];
            ClearComposer();
            await ReloadAsync();
        });
        _busy = false;
    }

    // Saved encrypted in the drafts, under the same id as the message it will be: sending it later files it as sent.
    private async Task SaveDraftAsync()
    {
        _busy = true;
        await Guard(async () =>
        {
            await StoreFilesAsync();
            await (await MailAsync())!.SaveDraftAsync(_writing, [.. _to.Select(c => c.Id.ToString())], _subject ?? "", _body ?? "", [.. _stored]);
            _notice = L["Mail.DraftSaved"];
            await ReloadAsync();
        });
        _busy = false;
    }

    // A draft opened again in the composer: its recipients, subject, text and files.
    private Task ResumeAsync(OpenMail draft) => Guard(async () =>
    {
        ClearComposer();
        _writing = draft.MessageId;
        _subject = draft.Content.Subject;
        _body = draft.Content.Body;
        _stored.AddRange(draft.Content.Attachments);
        foreach (var id in draft.Content.To.Select(t => Guid.TryParse(t, out var g) ? g : (Guid?)null).OfType<Guid>())
        {
            _to.Add(new DirectoryEntry(id, DirectoryKind.Practitioner, await NameAsync(new PractitionerId(id)), null, null, null, null, null, null, null, Listed: true));
        }

        _open = null;
    });

    // The files chosen since the last save, encrypted into the store under the message's id.
    private async Task StoreFilesAsync()
    {
        foreach (var file in _files)
        {
            await using var content = file.OpenReadStream(Collab.Web.Components.Consultations.NewRequest.MaxFileBytes);
            _stored.Add(await Collab.Web.Conversations.ConversationClient.StoreFileAsync(Attachments, _writing, content, file.Name, file.ContentType, file.Size));
        }

        _files.Clear();
    }

    private void ClearComposer()
    {
        _writing = Guid.NewGuid();
        _stored.Clear();
        _files.Clear();
        _to.Clear();
        _subject = _body = null;
    }

    // Who sent a message: a colleague's name, else the address inside it (software, another secure domain).
    private string SenderOf(OpenMail mail) => mail.From is { } from ? NameOf(from) : mail.Content.From ?? "";

    private async Task ReloadAsync()
    {
        var mail = (await MailAsync())!;
        _shared = await mail.SharedAsync();
        _own = await mail.FoldersAsync();
        _mailbox = await mail.MailboxAsync(_box);
        _searched = null;
        _list = await mail.ListAsync(_folder, box: _box);
        foreach (var item in _list)
        {
            await NameAsync(item.From);
        }
    }

    private async Task Guard(Func<Task> work)
    {
        try
        {
            _error = null;
            await work();
        }
        catch (Exception e) when (ErrorText.Refusal(L, e) is { } refusal)
        {
            _error = refusal;
            _notice = null;
        }
    }
}
