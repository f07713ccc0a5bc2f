namespace Collab.Grains.Knowledge;

/// <summary>
/// Pseudonymous ids for the knowledge index (port): a keyed hash of the kind and the real id under a secret pepper
/// kept outside the database (<c>Knowledge:PepperPath</c>), different for each index name, so the index can neither be
/// turned back into practitioners, patients or consultations nor joined with another index.
/// </summary>
public interface IKnowledgePseudonyms
{
    string Of(string kind, Guid id);
}
