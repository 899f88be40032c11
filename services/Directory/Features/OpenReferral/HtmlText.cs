using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// Some publishers write descriptions as HTML (Bristol's Open Place: headings, paragraphs, lists, &amp;nbsp;). A listing
/// holds plain text, which every page and client shows as it is, so the markup would show as tags: it is read as the
/// words a browser would show, paragraphs kept as blank lines and list items as "- " lines. Text without markup is left
/// exactly as it came.
/// </summary>
public static partial class HtmlText
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "section", "article", "blockquote", "table", "tr",
        "header", "footer", "address", "pre", "dl", "dt", "dd",
    };

    [GeneratedRegex(@"<\s*/?\s*(p|br|h[1-6]|ul|ol|li|div|span|strong|em|b|i|u|a|section|article|blockquote|table|tr|td|pre)\b[^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);",
        RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"[ \t\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    public static string? Plain(string? text)
    {
        if (text is null || !Markup().IsMatch(text)) return text;
        var body = Parser.ParseDocument($"<!DOCTYPE html><html><body>{text}</body></html>").Body;
        if (body is null) return text;
        var words = new StringBuilder();
        Write(body, words);
        var lines = words.ToString().Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static void Write(INode node, StringBuilder words)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // Line breaks in the source are layout, not the writer's: a browser shows them as spaces.
                    words.Append(text.Data.Replace('\r', ' ').Replace('\n', ' '));
                    break;
                case IElement { LocalName: "br" }:
                    words.Append('\n');
                    break;
                case IElement { LocalName: "script" or "style" or "template" }:
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    words.Append(element.LocalName == "li" ? "\n- " : "\n\n");
                    Write(element, words);
                    if (element.LocalName != "li") words.Append("\n\n");
                    break;
                case IElement element:
                    Write(element, words);
                    break;
            }
        }
    }
}
