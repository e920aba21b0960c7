/** `commontext pdf <file.docx> [--soffice PATH] [--out DIR]`: options and printing; the conversion is src/app/pdf.ts. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { converting, pdfWithContentsPages } from '../app/pdf.js';
import { formatDiagnostic, problem } from '../util/diagnostics.js';
import { writeFilesAtomic } from '../util/files.js';
import { helpText, parseCommand, withSpec, type Command, type CommandSpec, type Io } from './options.js';

const PDF_SPEC: CommandSpec = {
  name: 'pdf',
  summary: 'convert a DOCX to PDF with LibreOffice, the contents with their page numbers',
  usage: ['<file.docx> [options]'],
  about: `Converts a DOCX (one written by commontext build, or edited in Word since) to PDF with LibreOffice in
headless mode and writes <name>.pdf beside it (or in --out DIR). The contents list gets the page number
of every entry, found by laying the document out (LibreOffice does not update the field); the DOCX is
not changed. LibreOffice is found on PATH or given by --soffice; pdftotext (poppler) is needed too.`,
  options: [
    { name: 'soffice', value: 'PATH', help: 'the LibreOffice program (default: soffice on PATH)' },
    { name: 'out', value: 'DIR', help: 'folder for the PDF (default: beside the DOCX)' },
  ],
  footer: 'Exit status: 0 written, 2 a problem (printed as one line).',
};

async function pdfCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(PDF_SPEC, args);
  if (values.help) { io.out(`${helpText(PDF_SPEC)}\n`); return 0; }
  const fail = (message: string, fix?: string) => { io.err(`${formatDiagnostic(problem('commontext pdf', 'usage', message, fix))}\n`); return 2; };
  if (positionals.length !== 1 || !/\.docx$/i.test(positionals[0])) return fail('give one .docx file', 'e.g. "commontext pdf out/T-REC-X.500-201610-I-E.docx"; see "commontext pdf --help"');
  const file = positionals[0];
  if (!existsSync(file)) return fail(`${file}: no such file`);
  const soffice = values.soffice as string | undefined;
  const outDir = values.out as string | undefined;
  return converting('commontext pdf', soffice, io, (converter) => {
    const name = path.basename(file, path.extname(file));
    const r = pdfWithContentsPages(name, readFileSync(file), converter);
    const pdfPath = path.join(outDir ?? path.dirname(file), `${name}.pdf`);
    writeFilesAtomic([{ path: pdfPath, data: r.pdf }]);
    io.out(`PDF: ${path.relative(process.cwd(), pdfPath)}\n`);
  });
}

export function register(commands: Record<string, Command>): void {
  commands.pdf = withSpec(PDF_SPEC, pdfCommand);
}
