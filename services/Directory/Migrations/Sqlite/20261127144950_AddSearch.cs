using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_query_logs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    terms = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    unknown_words = table.Column<int>(type: "INTEGER", nullable: false),
                    filters = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    outcode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    ward = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    result_count = table.Column<int>(type: "INTEGER", nullable: false),
                    zero_results = table.Column<bool>(type: "INTEGER", nullable: false)
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
