using Collab.Contracts.Consultations;

namespace Collab.Web.Consultations;

/// <summary>A consultation's headline with its patient and question opened in the caller's session.</summary>
public sealed record OpenHeadline(ConsultationHeadline Headline, PatientIdentity Patient, string Question)
{
    /// <summary>Whether the caller is the one who must act next (accept, answer, or send a draft).</summary>
    public bool AwaitsCaller => Headline.AvailableActions.Any(a => a is ConsultationAction.Accept or ConsultationAction.Answer or ConsultationAction.Send);

    /// <summary>The patient as the inbox names them: "DURAND Marie".</summary>
    public string PatientName => $"{Patient.LastName.ToUpperInvariant()} {Patient.FirstName}".Trim();

    /// <summary>The first <paramref name="length"/> characters of the question, on one line.</summary>
    public string Excerpt(int length = 120)
    {
        var flat = string.Join(' ', Question.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= length ? flat : string.Concat(flat.AsSpan(0, length).TrimEnd(), "…");
    }
}
