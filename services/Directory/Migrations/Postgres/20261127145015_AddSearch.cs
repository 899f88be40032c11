using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Search (Search/Postgres): trigram similarity for typos, earth distance for "near", accent folding.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS cube;");
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS earthdistance;");
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");

            migrationBuilder.CreateTable(
                name: "search_query_logs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    terms = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    unknown_words = table.Column<int>(type: "integer", nullable: false),
                    filters = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    outcode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    ward = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    result_count = table.Column<int>(type: "integer", nullable: false),
                    zero_results = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_query_logs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_search_query_logs_at_zero_results",
                table: "search_query_logs",
                columns: new[] { "at", "zero_results" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_query_logs");
        }
    }
}
