namespace Collab.Web;

/// <summary>The marker of the UI's resource files (Resources/Ui.resx: French, Ui.en.resx: English).</summary>
public sealed class Ui;
