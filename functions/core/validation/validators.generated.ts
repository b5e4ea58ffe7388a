// @ts-nocheck
/* Generated from schemas/*.schema.json by scripts/generate-validators.ts — do not edit; run `npm run generate:validators`. */
import runtime_ucs2length_module from 'ajv/dist/runtime/ucs2length.js';
const runtime_ucs2length = runtime_ucs2length_module.default ?? runtime_ucs2length_module;
import runtime_equal_module from 'ajv/dist/runtime/equal.js';
const runtime_equal = runtime_equal_module.default ?? runtime_equal_module;
import { formats } from './formats.js';

export const incidentNotification = validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/incident-notification.schema.json","title":"IncidentNotification","description":"The 15-minute notice (004 п.9): the Annex 3 model with only confirmedAt, severity, type, affectedObject and a short description required. A notification that carries every card field is a complete card and satisfies `card` too. XML root element: incidentNotification (or incidentCard).","type":"object","$ref":"common.schema.json#/$defs/incidentFields","required":["socReference","severity","type","details","affectedObject","description"]};
const schema33 = {"description":"Every field of the Annex 3 card. A notification requires a few of them; a complete card requires all.","type":"object","additionalProperties":false,"properties":{"socReference":{"$ref":"#/$defs/reference"},"registeredAt":{"$ref":"#/$defs/registrationDate"},"severity":{"$ref":"#/$defs/severity"},"type":{"$ref":"#/$defs/incidentType"},"scale":{"$ref":"#/$defs/scale"},"details":{"$ref":"#/$defs/incidentDetails"},"sign":{"$ref":"#/$defs/sign"},"perimeter":{"$ref":"#/$defs/perimeter"},"description":{"$ref":"#/$defs/requiredText"},"consequences":{"type":"array","minItems":1,"maxItems":4,"uniqueItems":true,"items":{"$ref":"#/$defs/consequence"}},"affectedObject":{"$ref":"#/$defs/affectedObject"},"actionsTaken":{"$ref":"#/$defs/text"},"note":{"$ref":"#/$defs/text"}}};
const schema34 = {"description":"An identifier chosen by the sender (registry id, the SOC's own incident id).","type":"string","minLength":1,"maxLength":128,"pattern":"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"};
const schema35 = {"description":"Calendar date (YYYY-MM-DD).","type":"string","format":"date"};
const schema36 = {"description":"Annex 3: 4 high (Жоғары), 3 medium (Орташа), 2 low (Төмен), 1 undetermined (Анықталмаған; reviewed within 48 h).","type":"integer","enum":[4,3,2,1]};
const schema37 = {"type":"string","enum":["dos_ddos","unauthorized_access","botnet","virus_attack","ransomware","vulnerability_exploitation","credential_disclosure","phishing","spam","other"]};
const schema38 = {"type":"string","enum":["individual","mass"]};
const schema46 = {"type":"string","enum":["actual","attempt","suspicion"]};
const schema47 = {"type":"string","enum":["internal","external"]};
const schema48 = {"type":"string","minLength":1,"maxLength":8000};
const schema49 = {"type":"string","enum":["none","availability","integrity","confidentiality"]};
const schema56 = {"description":"Free text.","type":"string","maxLength":8000};
const func1 = Object.prototype.hasOwnProperty;
const func2 = runtime_ucs2length;
const func0 = runtime_equal;
const pattern4 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._:/#-]*$", "u");
const formats0 = formats.date;
const schema39 = {"type":"object","additionalProperties":false,"required":["confirmedAt"],"properties":{"occurredAt":{"$ref":"#/$defs/timestamp"},"confirmedAt":{"$ref":"#/$defs/timestamp"},"recurrence":{"$ref":"#/$defs/recurrence"},"iocs":{"$ref":"#/$defs/iocs"}}};
const schema40 = {"description":"RFC 3339 date-time with an explicit offset (Z or ±hh:mm); one without an offset is rejected.","type":"string","maxLength":40,"format":"date-time-with-offset"};
const schema42 = {"type":"string","enum":["new","repeat"]};
const formats2 = formats["date-time-with-offset"];
const schema43 = {"type":"array","maxItems":500,"items":{"$ref":"#/$defs/ioc"}};
const schema44 = {"description":"Indicator of compromise; the value is checked against its type.","type":"object","additionalProperties":false,"required":["type","value"],"properties":{"type":{"$ref":"#/$defs/iocType"},"value":{"type":"string","minLength":1,"maxLength":2048}}};
const schema45 = {"type":"string","enum":["ipv4","ipv6","cidr","domain","url","email","md5","sha1","sha256","filename","other"]};

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate25.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.value === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "type") || (key0 === "value"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.type !== undefined){
let data0 = data.type;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/iocType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!(((((((((((data0 === "ipv4") || (data0 === "ipv6")) || (data0 === "cidr")) || (data0 === "domain")) || (data0 === "url")) || (data0 === "email")) || (data0 === "md5")) || (data0 === "sha1")) || (data0 === "sha256")) || (data0 === "filename")) || (data0 === "other"))){
const err4 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/iocType/enum",keyword:"enum",params:{allowedValues: schema45.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.value !== undefined){
let data1 = data.value;
if(typeof data1 === "string"){
if(func2(data1) > 2048){
const err5 = {instancePath:instancePath+"/value",schemaPath:"#/properties/value/maxLength",keyword:"maxLength",params:{limit: 2048},message:"must NOT have more than 2048 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(func2(data1) < 1){
const err6 = {instancePath:instancePath+"/value",schemaPath:"#/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/value",schemaPath:"#/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}
validate25.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate24.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(Array.isArray(data)){
if(data.length > 500){
const err0 = {instancePath,schemaPath:"#/maxItems",keyword:"maxItems",params:{limit: 500},message:"must NOT have more than 500 items"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
if(!(validate25(data[i0], {instancePath:instancePath+"/" + i0,parentData:data,parentDataProperty:i0,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate25.errors : vErrors.concat(validate25.errors);
errors = vErrors.length;
}
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}
validate24.evaluated = {"items":true,"dynamicProps":false,"dynamicItems":false};


function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate23.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.confirmedAt === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "confirmedAt"},message:"must have required property '"+"confirmedAt"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "occurredAt") || (key0 === "confirmedAt")) || (key0 === "recurrence")) || (key0 === "iocs"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.occurredAt !== undefined){
let data0 = data.occurredAt;
if(typeof data0 === "string"){
if(func2(data0) > 40){
const err2 = {instancePath:instancePath+"/occurredAt",schemaPath:"#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!(formats2.validate(data0))){
const err3 = {instancePath:instancePath+"/occurredAt",schemaPath:"#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/occurredAt",schemaPath:"#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.confirmedAt !== undefined){
let data1 = data.confirmedAt;
if(typeof data1 === "string"){
if(func2(data1) > 40){
const err5 = {instancePath:instancePath+"/confirmedAt",schemaPath:"#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(!(formats2.validate(data1))){
const err6 = {instancePath:instancePath+"/confirmedAt",schemaPath:"#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/confirmedAt",schemaPath:"#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.recurrence !== undefined){
let data2 = data.recurrence;
if(typeof data2 !== "string"){
const err8 = {instancePath:instancePath+"/recurrence",schemaPath:"#/$defs/recurrence/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!((data2 === "new") || (data2 === "repeat"))){
const err9 = {instancePath:instancePath+"/recurrence",schemaPath:"#/$defs/recurrence/enum",keyword:"enum",params:{allowedValues: schema42.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.iocs !== undefined){
if(!(validate24(data.iocs, {instancePath:instancePath+"/iocs",parentData:data,parentDataProperty:"iocs",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
errors = vErrors.length;
}
}
}
else {
const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}
validate23.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema50 = {"description":"The damaged object: registry id and/or name, kind, owner party; an owner or holder that is not a registered party is named as text in ownerName (001 Annex 7: «ЭҮ АО иесі немесе иеленушісі»).","type":"object","additionalProperties":false,"required":["kind"],"properties":{"id":{"$ref":"#/$defs/reference"},"name":{"$ref":"#/$defs/name"},"kind":{"$ref":"#/$defs/objectKind"},"owner":{"$ref":"#/$defs/partyId"},"ownerName":{"$ref":"#/$defs/name"}}};
const schema52 = {"type":"string","minLength":1,"maxLength":256};
const schema53 = {"type":"string","enum":["egov_object","critical_ict_object","other"]};
const schema54 = {"description":"Identifier of a registered party.","type":"string","pattern":"^[a-z0-9][a-z0-9_-]{1,63}$"};
const pattern6 = new RegExp("^[a-z0-9][a-z0-9_-]{1,63}$", "u");

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate29.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "id") || (key0 === "name")) || (key0 === "kind")) || (key0 === "owner")) || (key0 === "ownerName"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) > 256){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data1) < 1){
const err7 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.kind !== undefined){
let data2 = data.kind;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "egov_object") || (data2 === "critical_ict_object")) || (data2 === "other"))){
const err10 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/enum",keyword:"enum",params:{allowedValues: schema53.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.owner !== undefined){
let data3 = data.owner;
if(typeof data3 === "string"){
if(!pattern6.test(data3)){
const err11 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9_-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9_-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.ownerName !== undefined){
let data4 = data.ownerName;
if(typeof data4 === "string"){
if(func2(data4) > 256){
const err13 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(func2(data4) < 1){
const err14 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate29.errors = vErrors;
return errors === 0;
}
validate29.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema33.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.socReference !== undefined){
let data0 = data.socReference;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err1 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!pattern4.test(data0)){
const err3 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.registeredAt !== undefined){
let data1 = data.registeredAt;
if(typeof data1 === "string"){
if(!(formats0.validate(data1))){
const err5 = {instancePath:instancePath+"/registeredAt",schemaPath:"#/$defs/registrationDate/format",keyword:"format",params:{format: "date"},message:"must match format \""+"date"+"\""};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/registeredAt",schemaPath:"#/$defs/registrationDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.severity !== undefined){
let data2 = data.severity;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err7 = {instancePath:instancePath+"/severity",schemaPath:"#/$defs/severity/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!((((data2 === 4) || (data2 === 3)) || (data2 === 2)) || (data2 === 1))){
const err8 = {instancePath:instancePath+"/severity",schemaPath:"#/$defs/severity/enum",keyword:"enum",params:{allowedValues: schema36.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.type !== undefined){
let data3 = data.type;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/incidentType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!((((((((((data3 === "dos_ddos") || (data3 === "unauthorized_access")) || (data3 === "botnet")) || (data3 === "virus_attack")) || (data3 === "ransomware")) || (data3 === "vulnerability_exploitation")) || (data3 === "credential_disclosure")) || (data3 === "phishing")) || (data3 === "spam")) || (data3 === "other"))){
const err10 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/incidentType/enum",keyword:"enum",params:{allowedValues: schema37.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.scale !== undefined){
let data4 = data.scale;
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/scale",schemaPath:"#/$defs/scale/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!((data4 === "individual") || (data4 === "mass"))){
const err12 = {instancePath:instancePath+"/scale",schemaPath:"#/$defs/scale/enum",keyword:"enum",params:{allowedValues: schema38.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.details !== undefined){
if(!(validate23(data.details, {instancePath:instancePath+"/details",parentData:data,parentDataProperty:"details",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
if(data.sign !== undefined){
let data6 = data.sign;
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/sign",schemaPath:"#/$defs/sign/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(!(((data6 === "actual") || (data6 === "attempt")) || (data6 === "suspicion"))){
const err14 = {instancePath:instancePath+"/sign",schemaPath:"#/$defs/sign/enum",keyword:"enum",params:{allowedValues: schema46.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.perimeter !== undefined){
let data7 = data.perimeter;
if(typeof data7 !== "string"){
const err15 = {instancePath:instancePath+"/perimeter",schemaPath:"#/$defs/perimeter/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(!((data7 === "internal") || (data7 === "external"))){
const err16 = {instancePath:instancePath+"/perimeter",schemaPath:"#/$defs/perimeter/enum",keyword:"enum",params:{allowedValues: schema47.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.description !== undefined){
let data8 = data.description;
if(typeof data8 === "string"){
if(func2(data8) > 8000){
const err17 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(func2(data8) < 1){
const err18 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.consequences !== undefined){
let data9 = data.consequences;
if(Array.isArray(data9)){
if(data9.length > 4){
const err20 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/maxItems",keyword:"maxItems",params:{limit: 4},message:"must NOT have more than 4 items"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data9.length < 1){
const err21 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(typeof data10 !== "string"){
const err22 = {instancePath:instancePath+"/consequences/" + i0,schemaPath:"#/$defs/consequence/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!((((data10 === "none") || (data10 === "availability")) || (data10 === "integrity")) || (data10 === "confidentiality"))){
const err23 = {instancePath:instancePath+"/consequences/" + i0,schemaPath:"#/$defs/consequence/enum",keyword:"enum",params:{allowedValues: schema49.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
let i1 = data9.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data9[i1], data9[j0])){
const err24 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err25 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.affectedObject !== undefined){
if(!(validate29(data.affectedObject, {instancePath:instancePath+"/affectedObject",parentData:data,parentDataProperty:"affectedObject",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
}
if(data.actionsTaken !== undefined){
let data12 = data.actionsTaken;
if(typeof data12 === "string"){
if(func2(data12) > 8000){
const err26 = {instancePath:instancePath+"/actionsTaken",schemaPath:"#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/actionsTaken",schemaPath:"#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.note !== undefined){
let data13 = data.note;
if(typeof data13 === "string"){
if(func2(data13) > 8000){
const err28 = {instancePath:instancePath+"/note",schemaPath:"#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/note",schemaPath:"#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/incident-notification.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(!(validate22(data, {instancePath,parentData,parentDataProperty,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
errors = vErrors.length;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.socReference === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "socReference"},message:"must have required property '"+"socReference"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.severity === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "severity"},message:"must have required property '"+"severity"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.type === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.details === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "details"},message:"must have required property '"+"details"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.affectedObject === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "affectedObject"},message:"must have required property '"+"affectedObject"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.description === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const incidentCard = validate32;
const schema58 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/incident-card.schema.json","title":"IncidentCard","description":"The complete incident card of Annex 3 to the 2026 amendment. XML root element: incidentCard.","type":"object","$ref":"common.schema.json#/$defs/incidentFields","required":["socReference","registeredAt","severity","type","scale","details","sign","perimeter","description","consequences","affectedObject","actionsTaken"],"properties":{"details":{"type":"object","required":["occurredAt","confirmedAt","recurrence","iocs"]}}};

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate33.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema33.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.socReference !== undefined){
let data0 = data.socReference;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err1 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!pattern4.test(data0)){
const err3 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/socReference",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.registeredAt !== undefined){
let data1 = data.registeredAt;
if(typeof data1 === "string"){
if(!(formats0.validate(data1))){
const err5 = {instancePath:instancePath+"/registeredAt",schemaPath:"#/$defs/registrationDate/format",keyword:"format",params:{format: "date"},message:"must match format \""+"date"+"\""};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/registeredAt",schemaPath:"#/$defs/registrationDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.severity !== undefined){
let data2 = data.severity;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err7 = {instancePath:instancePath+"/severity",schemaPath:"#/$defs/severity/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!((((data2 === 4) || (data2 === 3)) || (data2 === 2)) || (data2 === 1))){
const err8 = {instancePath:instancePath+"/severity",schemaPath:"#/$defs/severity/enum",keyword:"enum",params:{allowedValues: schema36.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.type !== undefined){
let data3 = data.type;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/incidentType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!((((((((((data3 === "dos_ddos") || (data3 === "unauthorized_access")) || (data3 === "botnet")) || (data3 === "virus_attack")) || (data3 === "ransomware")) || (data3 === "vulnerability_exploitation")) || (data3 === "credential_disclosure")) || (data3 === "phishing")) || (data3 === "spam")) || (data3 === "other"))){
const err10 = {instancePath:instancePath+"/type",schemaPath:"#/$defs/incidentType/enum",keyword:"enum",params:{allowedValues: schema37.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.scale !== undefined){
let data4 = data.scale;
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/scale",schemaPath:"#/$defs/scale/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!((data4 === "individual") || (data4 === "mass"))){
const err12 = {instancePath:instancePath+"/scale",schemaPath:"#/$defs/scale/enum",keyword:"enum",params:{allowedValues: schema38.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.details !== undefined){
if(!(validate23(data.details, {instancePath:instancePath+"/details",parentData:data,parentDataProperty:"details",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
if(data.sign !== undefined){
let data6 = data.sign;
if(typeof data6 !== "string"){
const err13 = {instancePath:instancePath+"/sign",schemaPath:"#/$defs/sign/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(!(((data6 === "actual") || (data6 === "attempt")) || (data6 === "suspicion"))){
const err14 = {instancePath:instancePath+"/sign",schemaPath:"#/$defs/sign/enum",keyword:"enum",params:{allowedValues: schema46.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.perimeter !== undefined){
let data7 = data.perimeter;
if(typeof data7 !== "string"){
const err15 = {instancePath:instancePath+"/perimeter",schemaPath:"#/$defs/perimeter/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(!((data7 === "internal") || (data7 === "external"))){
const err16 = {instancePath:instancePath+"/perimeter",schemaPath:"#/$defs/perimeter/enum",keyword:"enum",params:{allowedValues: schema47.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.description !== undefined){
let data8 = data.description;
if(typeof data8 === "string"){
if(func2(data8) > 8000){
const err17 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(func2(data8) < 1){
const err18 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/description",schemaPath:"#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.consequences !== undefined){
let data9 = data.consequences;
if(Array.isArray(data9)){
if(data9.length > 4){
const err20 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/maxItems",keyword:"maxItems",params:{limit: 4},message:"must NOT have more than 4 items"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data9.length < 1){
const err21 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(typeof data10 !== "string"){
const err22 = {instancePath:instancePath+"/consequences/" + i0,schemaPath:"#/$defs/consequence/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!((((data10 === "none") || (data10 === "availability")) || (data10 === "integrity")) || (data10 === "confidentiality"))){
const err23 = {instancePath:instancePath+"/consequences/" + i0,schemaPath:"#/$defs/consequence/enum",keyword:"enum",params:{allowedValues: schema49.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
let i1 = data9.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data9[i1], data9[j0])){
const err24 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err25 = {instancePath:instancePath+"/consequences",schemaPath:"#/properties/consequences/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.affectedObject !== undefined){
if(!(validate29(data.affectedObject, {instancePath:instancePath+"/affectedObject",parentData:data,parentDataProperty:"affectedObject",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
}
if(data.actionsTaken !== undefined){
let data12 = data.actionsTaken;
if(typeof data12 === "string"){
if(func2(data12) > 8000){
const err26 = {instancePath:instancePath+"/actionsTaken",schemaPath:"#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/actionsTaken",schemaPath:"#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.note !== undefined){
let data13 = data.note;
if(typeof data13 === "string"){
if(func2(data13) > 8000){
const err28 = {instancePath:instancePath+"/note",schemaPath:"#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/note",schemaPath:"#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate33.errors = vErrors;
return errors === 0;
}
validate33.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate32(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/incident-card.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate32.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(!(validate33(data, {instancePath,parentData,parentDataProperty,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate33.errors : vErrors.concat(validate33.errors);
errors = vErrors.length;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.socReference === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "socReference"},message:"must have required property '"+"socReference"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.registeredAt === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "registeredAt"},message:"must have required property '"+"registeredAt"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.severity === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "severity"},message:"must have required property '"+"severity"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.type === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.scale === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "scale"},message:"must have required property '"+"scale"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.details === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "details"},message:"must have required property '"+"details"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.sign === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sign"},message:"must have required property '"+"sign"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.perimeter === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "perimeter"},message:"must have required property '"+"perimeter"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.description === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.consequences === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "consequences"},message:"must have required property '"+"consequences"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data.affectedObject === undefined){
const err10 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "affectedObject"},message:"must have required property '"+"affectedObject"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data.actionsTaken === undefined){
const err11 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "actionsTaken"},message:"must have required property '"+"actionsTaken"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data.details !== undefined){
let data0 = data.details;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.occurredAt === undefined){
const err12 = {instancePath:instancePath+"/details",schemaPath:"#/properties/details/required",keyword:"required",params:{missingProperty: "occurredAt"},message:"must have required property '"+"occurredAt"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data0.confirmedAt === undefined){
const err13 = {instancePath:instancePath+"/details",schemaPath:"#/properties/details/required",keyword:"required",params:{missingProperty: "confirmedAt"},message:"must have required property '"+"confirmedAt"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data0.recurrence === undefined){
const err14 = {instancePath:instancePath+"/details",schemaPath:"#/properties/details/required",keyword:"required",params:{missingProperty: "recurrence"},message:"must have required property '"+"recurrence"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data0.iocs === undefined){
const err15 = {instancePath:instancePath+"/details",schemaPath:"#/properties/details/required",keyword:"required",params:{missingProperty: "iocs"},message:"must have required property '"+"iocs"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/details",schemaPath:"#/properties/details/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate32.errors = vErrors;
return errors === 0;
}
validate32.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const incidentClosure = validate37;
const schema71 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/incident-closure.schema.json","title":"IncidentClosure","description":"The SOC declares the incident's causes eliminated (001 п.10(1)); satisfies `elimination`. XML root element: incidentClosure.","type":"object","additionalProperties":false,"required":["eliminatedAt"],"properties":{"eliminatedAt":{"$ref":"common.schema.json#/$defs/timestamp"},"actionsTaken":{"$ref":"common.schema.json#/$defs/text"},"note":{"$ref":"common.schema.json#/$defs/text"}}};

function validate37(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/incident-closure.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate37.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.eliminatedAt === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "eliminatedAt"},message:"must have required property '"+"eliminatedAt"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "eliminatedAt") || (key0 === "actionsTaken")) || (key0 === "note"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.eliminatedAt !== undefined){
let data0 = data.eliminatedAt;
if(typeof data0 === "string"){
if(func2(data0) > 40){
const err2 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!(formats2.validate(data0))){
const err3 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.actionsTaken !== undefined){
let data1 = data.actionsTaken;
if(typeof data1 === "string"){
if(func2(data1) > 8000){
const err5 = {instancePath:instancePath+"/actionsTaken",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/actionsTaken",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.note !== undefined){
let data2 = data.note;
if(typeof data2 === "string"){
if(func2(data2) > 8000){
const err7 = {instancePath:instancePath+"/note",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/note",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate37.errors = vErrors;
return errors === 0;
}
validate37.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const nccNotice = validate38;
const schema75 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/ncc-notice.schema.json","title":"NccNotice","description":"A notice from the NCC to SOCs about a threat, an event or an incident (fields of 001 Annex 7). Recipients are party ids and/or sectors. For kind incident and event, the fields Annex 7 lists without «if available» are required too (checked by the gateway): detectedAt, sourceIp, deviceName, eventName, recurrence, affectedObject. XML root element: nccNotice.","type":"object","additionalProperties":false,"required":["kind","registeredAt","description","tlp","recipients"],"properties":{"kind":{"$ref":"common.schema.json#/$defs/noticeKind"},"registeredAt":{"$ref":"common.schema.json#/$defs/registrationDate"},"notifiedAt":{"description":"When the NCC says it notified, for the record only: notice_response starts when the gateway makes the notice available to the recipient (004 п.9 «хабарландырылған сәттен бастап»), never at this time. A time in the future is refused.","$ref":"common.schema.json#/$defs/timestamp"},"detectedAt":{"$ref":"common.schema.json#/$defs/timestamp"},"sourceIp":{"type":"string","maxLength":64},"targetIp":{"type":"string","maxLength":64},"deviceName":{"$ref":"common.schema.json#/$defs/name"},"eventName":{"$ref":"common.schema.json#/$defs/name"},"request":{"description":"File path or request.","type":"string","maxLength":4096},"responseCode":{"type":"integer","minimum":0,"maximum":999},"triggerCount":{"type":"integer","minimum":0,"maximum":1000000000},"sourceOrganization":{"$ref":"common.schema.json#/$defs/name"},"recurrence":{"$ref":"common.schema.json#/$defs/recurrence"},"description":{"$ref":"common.schema.json#/$defs/requiredText"},"affectedObject":{"$ref":"common.schema.json#/$defs/affectedObject"},"iocs":{"$ref":"common.schema.json#/$defs/iocs"},"note":{"$ref":"common.schema.json#/$defs/text"},"tlp":{"$ref":"common.schema.json#/$defs/tlp"},"recipients":{"description":"At least one party or sector.","type":"object","additionalProperties":false,"properties":{"parties":{"type":"array","maxItems":200,"uniqueItems":true,"items":{"$ref":"common.schema.json#/$defs/partyId"}},"sectors":{"type":"array","maxItems":12,"uniqueItems":true,"items":{"$ref":"common.schema.json#/$defs/sector"}}}}}};
const schema76 = {"type":"string","enum":["threat","event","incident"]};
const schema93 = {"type":"string","enum":["clear","green","amber","red"]};
const schema95 = {"type":"string","enum":["heat","electricity","gas","water","industry","healthcare","communications","banking","transport","hydraulic","law_enforcement","egov"]};

function validate39(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate39.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "id") || (key0 === "name")) || (key0 === "kind")) || (key0 === "owner")) || (key0 === "ownerName"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) > 256){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data1) < 1){
const err7 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.kind !== undefined){
let data2 = data.kind;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "egov_object") || (data2 === "critical_ict_object")) || (data2 === "other"))){
const err10 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/enum",keyword:"enum",params:{allowedValues: schema53.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.owner !== undefined){
let data3 = data.owner;
if(typeof data3 === "string"){
if(!pattern6.test(data3)){
const err11 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9_-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9_-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.ownerName !== undefined){
let data4 = data.ownerName;
if(typeof data4 === "string"){
if(func2(data4) > 256){
const err13 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(func2(data4) < 1){
const err14 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate39.errors = vErrors;
return errors === 0;
}
validate39.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate41(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate41.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(Array.isArray(data)){
if(data.length > 500){
const err0 = {instancePath,schemaPath:"#/maxItems",keyword:"maxItems",params:{limit: 500},message:"must NOT have more than 500 items"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
if(!(validate25(data[i0], {instancePath:instancePath+"/" + i0,parentData:data,parentDataProperty:i0,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate25.errors : vErrors.concat(validate25.errors);
errors = vErrors.length;
}
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate41.errors = vErrors;
return errors === 0;
}
validate41.evaluated = {"items":true,"dynamicProps":false,"dynamicItems":false};


function validate38(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/ncc-notice.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate38.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.registeredAt === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "registeredAt"},message:"must have required property '"+"registeredAt"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.description === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.tlp === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tlp"},message:"must have required property '"+"tlp"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.recipients === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "recipients"},message:"must have required property '"+"recipients"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema75.properties, key0))){
const err5 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data0 = data.kind;
if(typeof data0 !== "string"){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/noticeKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!(((data0 === "threat") || (data0 === "event")) || (data0 === "incident"))){
const err7 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/noticeKind/enum",keyword:"enum",params:{allowedValues: schema76.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.registeredAt !== undefined){
let data1 = data.registeredAt;
if(typeof data1 === "string"){
if(!(formats0.validate(data1))){
const err8 = {instancePath:instancePath+"/registeredAt",schemaPath:"common.schema.json#/$defs/registrationDate/format",keyword:"format",params:{format: "date"},message:"must match format \""+"date"+"\""};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/registeredAt",schemaPath:"common.schema.json#/$defs/registrationDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.notifiedAt !== undefined){
let data2 = data.notifiedAt;
if(typeof data2 === "string"){
if(func2(data2) > 40){
const err10 = {instancePath:instancePath+"/notifiedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(!(formats2.validate(data2))){
const err11 = {instancePath:instancePath+"/notifiedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/notifiedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.detectedAt !== undefined){
let data3 = data.detectedAt;
if(typeof data3 === "string"){
if(func2(data3) > 40){
const err13 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(!(formats2.validate(data3))){
const err14 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.sourceIp !== undefined){
let data4 = data.sourceIp;
if(typeof data4 === "string"){
if(func2(data4) > 64){
const err16 = {instancePath:instancePath+"/sourceIp",schemaPath:"#/properties/sourceIp/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/sourceIp",schemaPath:"#/properties/sourceIp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.targetIp !== undefined){
let data5 = data.targetIp;
if(typeof data5 === "string"){
if(func2(data5) > 64){
const err18 = {instancePath:instancePath+"/targetIp",schemaPath:"#/properties/targetIp/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/targetIp",schemaPath:"#/properties/targetIp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.deviceName !== undefined){
let data6 = data.deviceName;
if(typeof data6 === "string"){
if(func2(data6) > 256){
const err20 = {instancePath:instancePath+"/deviceName",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(func2(data6) < 1){
const err21 = {instancePath:instancePath+"/deviceName",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/deviceName",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.eventName !== undefined){
let data7 = data.eventName;
if(typeof data7 === "string"){
if(func2(data7) > 256){
const err23 = {instancePath:instancePath+"/eventName",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(func2(data7) < 1){
const err24 = {instancePath:instancePath+"/eventName",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/eventName",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.request !== undefined){
let data8 = data.request;
if(typeof data8 === "string"){
if(func2(data8) > 4096){
const err26 = {instancePath:instancePath+"/request",schemaPath:"#/properties/request/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/request",schemaPath:"#/properties/request/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.responseCode !== undefined){
let data9 = data.responseCode;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err28 = {instancePath:instancePath+"/responseCode",schemaPath:"#/properties/responseCode/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 999 || isNaN(data9)){
const err29 = {instancePath:instancePath+"/responseCode",schemaPath:"#/properties/responseCode/maximum",keyword:"maximum",params:{comparison: "<=", limit: 999},message:"must be <= 999"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data9 < 0 || isNaN(data9)){
const err30 = {instancePath:instancePath+"/responseCode",schemaPath:"#/properties/responseCode/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
if(data.triggerCount !== undefined){
let data10 = data.triggerCount;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err31 = {instancePath:instancePath+"/triggerCount",schemaPath:"#/properties/triggerCount/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 1000000000 || isNaN(data10)){
const err32 = {instancePath:instancePath+"/triggerCount",schemaPath:"#/properties/triggerCount/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000000},message:"must be <= 1000000000"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data10 < 0 || isNaN(data10)){
const err33 = {instancePath:instancePath+"/triggerCount",schemaPath:"#/properties/triggerCount/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
if(data.sourceOrganization !== undefined){
let data11 = data.sourceOrganization;
if(typeof data11 === "string"){
if(func2(data11) > 256){
const err34 = {instancePath:instancePath+"/sourceOrganization",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(func2(data11) < 1){
const err35 = {instancePath:instancePath+"/sourceOrganization",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/sourceOrganization",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.recurrence !== undefined){
let data12 = data.recurrence;
if(typeof data12 !== "string"){
const err37 = {instancePath:instancePath+"/recurrence",schemaPath:"common.schema.json#/$defs/recurrence/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(!((data12 === "new") || (data12 === "repeat"))){
const err38 = {instancePath:instancePath+"/recurrence",schemaPath:"common.schema.json#/$defs/recurrence/enum",keyword:"enum",params:{allowedValues: schema42.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.description !== undefined){
let data13 = data.description;
if(typeof data13 === "string"){
if(func2(data13) > 8000){
const err39 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(func2(data13) < 1){
const err40 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.affectedObject !== undefined){
if(!(validate39(data.affectedObject, {instancePath:instancePath+"/affectedObject",parentData:data,parentDataProperty:"affectedObject",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate39.errors : vErrors.concat(validate39.errors);
errors = vErrors.length;
}
}
if(data.iocs !== undefined){
if(!(validate41(data.iocs, {instancePath:instancePath+"/iocs",parentData:data,parentDataProperty:"iocs",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate41.errors : vErrors.concat(validate41.errors);
errors = vErrors.length;
}
}
if(data.note !== undefined){
let data16 = data.note;
if(typeof data16 === "string"){
if(func2(data16) > 8000){
const err42 = {instancePath:instancePath+"/note",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/note",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.tlp !== undefined){
let data17 = data.tlp;
if(typeof data17 !== "string"){
const err44 = {instancePath:instancePath+"/tlp",schemaPath:"common.schema.json#/$defs/tlp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(!((((data17 === "clear") || (data17 === "green")) || (data17 === "amber")) || (data17 === "red"))){
const err45 = {instancePath:instancePath+"/tlp",schemaPath:"common.schema.json#/$defs/tlp/enum",keyword:"enum",params:{allowedValues: schema93.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.recipients !== undefined){
let data18 = data.recipients;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key1 in data18){
if(!((key1 === "parties") || (key1 === "sectors"))){
const err46 = {instancePath:instancePath+"/recipients",schemaPath:"#/properties/recipients/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data18.parties !== undefined){
let data19 = data18.parties;
if(Array.isArray(data19)){
if(data19.length > 200){
const err47 = {instancePath:instancePath+"/recipients/parties",schemaPath:"#/properties/recipients/properties/parties/maxItems",keyword:"maxItems",params:{limit: 200},message:"must NOT have more than 200 items"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
const len0 = data19.length;
for(let i0=0; i0<len0; i0++){
let data20 = data19[i0];
if(typeof data20 === "string"){
if(!pattern6.test(data20)){
const err48 = {instancePath:instancePath+"/recipients/parties/" + i0,schemaPath:"common.schema.json#/$defs/partyId/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9_-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9_-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/recipients/parties/" + i0,schemaPath:"common.schema.json#/$defs/partyId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
let i1 = data19.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data19[i1], data19[j0])){
const err50 = {instancePath:instancePath+"/recipients/parties",schemaPath:"#/properties/recipients/properties/parties/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err51 = {instancePath:instancePath+"/recipients/parties",schemaPath:"#/properties/recipients/properties/parties/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data18.sectors !== undefined){
let data21 = data18.sectors;
if(Array.isArray(data21)){
if(data21.length > 12){
const err52 = {instancePath:instancePath+"/recipients/sectors",schemaPath:"#/properties/recipients/properties/sectors/maxItems",keyword:"maxItems",params:{limit: 12},message:"must NOT have more than 12 items"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
const len1 = data21.length;
for(let i2=0; i2<len1; i2++){
let data22 = data21[i2];
if(typeof data22 !== "string"){
const err53 = {instancePath:instancePath+"/recipients/sectors/" + i2,schemaPath:"common.schema.json#/$defs/sector/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(!((((((((((((data22 === "heat") || (data22 === "electricity")) || (data22 === "gas")) || (data22 === "water")) || (data22 === "industry")) || (data22 === "healthcare")) || (data22 === "communications")) || (data22 === "banking")) || (data22 === "transport")) || (data22 === "hydraulic")) || (data22 === "law_enforcement")) || (data22 === "egov"))){
const err54 = {instancePath:instancePath+"/recipients/sectors/" + i2,schemaPath:"common.schema.json#/$defs/sector/enum",keyword:"enum",params:{allowedValues: schema95.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
let i3 = data21.length;
let j1;
if(i3 > 1){
outer1:
for(;i3--;){
for(j1 = i3; j1--;){
if(func0(data21[i3], data21[j1])){
const err55 = {instancePath:instancePath+"/recipients/sectors",schemaPath:"#/properties/recipients/properties/sectors/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i3+" are identical)"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
break outer1;
}
}
}
}
}
else {
const err56 = {instancePath:instancePath+"/recipients/sectors",schemaPath:"#/properties/recipients/properties/sectors/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/recipients",schemaPath:"#/properties/recipients/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
else {
const err58 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
validate38.errors = vErrors;
return errors === 0;
}
validate38.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const noticeResponse = validate44;
const schema96 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/notice-response.schema.json","title":"NoticeResponse","description":"A SOC's answer to an NCC notice (004 п.9, within 72 h): a threat analysis, an event analysis, an incident card (which opens an incident), or, for an incident notice the SOC cannot confirm, incident_not_confirmed with its analysis in results (no card is owed). XML root element: noticeResponse.","type":"object","additionalProperties":false,"required":["kind"],"properties":{"kind":{"$ref":"common.schema.json#/$defs/responseKind"},"results":{"description":"Analysis results (free text).","$ref":"common.schema.json#/$defs/text"},"card":{"$ref":"incident-card.schema.json"}}};
const schema97 = {"type":"string","enum":["threat_analysis","event_analysis","incident_card","incident_not_confirmed"]};

function validate44(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/notice-response.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate44.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "kind") || (key0 === "results")) || (key0 === "card"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.kind !== undefined){
let data0 = data.kind;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/responseKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!((((data0 === "threat_analysis") || (data0 === "event_analysis")) || (data0 === "incident_card")) || (data0 === "incident_not_confirmed"))){
const err3 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/responseKind/enum",keyword:"enum",params:{allowedValues: schema97.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.results !== undefined){
let data1 = data.results;
if(typeof data1 === "string"){
if(func2(data1) > 8000){
const err4 = {instancePath:instancePath+"/results",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/results",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.card !== undefined){
if(!(validate32(data.card, {instancePath:instancePath+"/card",parentData:data,parentDataProperty:"card",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate32.errors : vErrors.concat(validate32.errors);
errors = vErrors.length;
}
}
}
else {
const err6 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
validate44.errors = vErrors;
return errors === 0;
}
validate44.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const party = validate46;
const schema99 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/party.schema.json","title":"Party","description":"A registered party (PUT /v1/parties/{id}): role, sectors, webhook, objects and per-party policy (Unified Requirements п.90-1). XML root element: party.","type":"object","additionalProperties":false,"required":["role","name"],"properties":{"role":{"$ref":"common.schema.json#/$defs/role"},"name":{"$ref":"common.schema.json#/$defs/name"},"clientId":{"description":"OAuth2 client id whose tokens act as this party (defaults to the party id).","type":"string","minLength":1,"maxLength":128},"sectors":{"type":"array","maxItems":12,"uniqueItems":true,"items":{"$ref":"common.schema.json#/$defs/sector"}},"webhook":{"type":"object","additionalProperties":false,"required":["url","secret"],"properties":{"url":{"type":"string","minLength":8,"maxLength":2048},"secret":{"type":"string","minLength":32,"maxLength":256}}},"objects":{"type":"array","maxItems":1000,"items":{"$ref":"common.schema.json#/$defs/affectedObject"}},"contact":{"description":"The person responsible for the information security of the party's objects (001 п.16). When the details change, the owner reports them within 48 hours of changedAt, the moment of the change; the gateway records when it received them (the contact_change clock).","type":"object","additionalProperties":false,"required":["name","changedAt"],"properties":{"name":{"$ref":"common.schema.json#/$defs/name"},"phone":{"type":"string","minLength":3,"maxLength":64},"email":{"type":"string","minLength":3,"maxLength":254},"changedAt":{"$ref":"common.schema.json#/$defs/timestamp"}}},"escalation":{"description":"The escalation ladder of an `ncc` party (docs/contract.md §2, issue #9 item 8): who hears of a miss at level 2 when no NCC party acknowledged level 1 within level2AfterHours. Only for role ncc.","type":"object","additionalProperties":false,"properties":{"level2Recipients":{"description":"Registered party ids that receive level 2 (e.g. the NCC head's endpoint).","type":"array","minItems":1,"maxItems":20,"uniqueItems":true,"items":{"type":"string","minLength":2,"maxLength":64}},"level2AfterHours":{"description":"Hours after level 1 without an acknowledgement before level 2 goes out (default 24).","type":"integer","minimum":1,"maximum":720}}},"policy":{"type":"object","additionalProperties":false,"properties":{"allowedKinds":{"type":"array","uniqueItems":true,"items":{"type":"string","enum":["incident","card","closure","notice","notice_ack","notice_response","delivery_ack","vulnerability"]}},"ratePerMinute":{"type":"integer","minimum":1,"maximum":100000},"authFailureLimit":{"type":"integer","minimum":1,"maximum":1000},"inactivityDays":{"type":"integer","minimum":1,"maximum":3650},"noticeAckMinutes":{"type":"integer","minimum":1,"maximum":1440},"reminderAt":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"connectionPoints":{"description":"Registered connection points (п.90-1(1)): source addresses as CIDRs (IPv4 or IPv6). A request from anywhere else is refused; an empty or absent list accepts any source (weaker).","type":"array","maxItems":50,"uniqueItems":true,"items":{"type":"string","minLength":2,"maxLength":49}},"rateBreachLimit":{"description":"Rate-limit breaches (429) within strikeWindowMinutes that block the connection (п.90-1(3)).","type":"integer","minimum":1,"maximum":1000},"hostileInputLimit":{"description":"Requests with signs of an IS violation (entity declarations, over-limit nesting or size) within strikeWindowMinutes that block the connection (п.90-1(3)).","type":"integer","minimum":1,"maximum":1000},"strikeWindowMinutes":{"description":"The window in which rate breaches and hostile requests are counted (default 60).","type":"integer","minimum":1,"maximum":10080},"readLimitPerHour":{"description":"Items a party may read through listings in one clock hour before the connection is blocked as copying of data arrays (п.90-1(3)).","type":"integer","minimum":1,"maximum":10000000},"credentialMaxAgeDays":{"description":"Days a client credential may be used; the party is reminded 7 days before, and blocked at expiry (п.90-1(4)).","type":"integer","minimum":1,"maximum":3650}}}}};
const schema100 = {"type":"string","enum":["soc","ncc","owner","authority","admin"]};

function validate47(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate47.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "id") || (key0 === "name")) || (key0 === "kind")) || (key0 === "owner")) || (key0 === "ownerName"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) > 256){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data1) < 1){
const err7 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.kind !== undefined){
let data2 = data.kind;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "egov_object") || (data2 === "critical_ict_object")) || (data2 === "other"))){
const err10 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/enum",keyword:"enum",params:{allowedValues: schema53.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.owner !== undefined){
let data3 = data.owner;
if(typeof data3 === "string"){
if(!pattern6.test(data3)){
const err11 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9_-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9_-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.ownerName !== undefined){
let data4 = data.ownerName;
if(typeof data4 === "string"){
if(func2(data4) > 256){
const err13 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(func2(data4) < 1){
const err14 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate47.errors = vErrors;
return errors === 0;
}
validate47.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate46(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/party.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate46.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.role === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "role"},message:"must have required property '"+"role"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.name === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema99.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.role !== undefined){
let data0 = data.role;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/role",schemaPath:"common.schema.json#/$defs/role/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!(((((data0 === "soc") || (data0 === "ncc")) || (data0 === "owner")) || (data0 === "authority")) || (data0 === "admin"))){
const err4 = {instancePath:instancePath+"/role",schemaPath:"common.schema.json#/$defs/role/enum",keyword:"enum",params:{allowedValues: schema100.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) > 256){
const err5 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(func2(data1) < 1){
const err6 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.clientId !== undefined){
let data2 = data.clientId;
if(typeof data2 === "string"){
if(func2(data2) > 128){
const err8 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(func2(data2) < 1){
const err9 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.sectors !== undefined){
let data3 = data.sectors;
if(Array.isArray(data3)){
if(data3.length > 12){
const err11 = {instancePath:instancePath+"/sectors",schemaPath:"#/properties/sectors/maxItems",keyword:"maxItems",params:{limit: 12},message:"must NOT have more than 12 items"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(typeof data4 !== "string"){
const err12 = {instancePath:instancePath+"/sectors/" + i0,schemaPath:"common.schema.json#/$defs/sector/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!((((((((((((data4 === "heat") || (data4 === "electricity")) || (data4 === "gas")) || (data4 === "water")) || (data4 === "industry")) || (data4 === "healthcare")) || (data4 === "communications")) || (data4 === "banking")) || (data4 === "transport")) || (data4 === "hydraulic")) || (data4 === "law_enforcement")) || (data4 === "egov"))){
const err13 = {instancePath:instancePath+"/sectors/" + i0,schemaPath:"common.schema.json#/$defs/sector/enum",keyword:"enum",params:{allowedValues: schema95.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
let i1 = data3.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data3[i1], data3[j0])){
const err14 = {instancePath:instancePath+"/sectors",schemaPath:"#/properties/sectors/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err15 = {instancePath:instancePath+"/sectors",schemaPath:"#/properties/sectors/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.webhook !== undefined){
let data5 = data.webhook;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.url === undefined){
const err16 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data5.secret === undefined){
const err17 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/required",keyword:"required",params:{missingProperty: "secret"},message:"must have required property '"+"secret"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
for(const key1 in data5){
if(!((key1 === "url") || (key1 === "secret"))){
const err18 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.url !== undefined){
let data6 = data5.url;
if(typeof data6 === "string"){
if(func2(data6) > 2048){
const err19 = {instancePath:instancePath+"/webhook/url",schemaPath:"#/properties/webhook/properties/url/maxLength",keyword:"maxLength",params:{limit: 2048},message:"must NOT have more than 2048 characters"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(func2(data6) < 8){
const err20 = {instancePath:instancePath+"/webhook/url",schemaPath:"#/properties/webhook/properties/url/minLength",keyword:"minLength",params:{limit: 8},message:"must NOT have fewer than 8 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/webhook/url",schemaPath:"#/properties/webhook/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data5.secret !== undefined){
let data7 = data5.secret;
if(typeof data7 === "string"){
if(func2(data7) > 256){
const err22 = {instancePath:instancePath+"/webhook/secret",schemaPath:"#/properties/webhook/properties/secret/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(func2(data7) < 32){
const err23 = {instancePath:instancePath+"/webhook/secret",schemaPath:"#/properties/webhook/properties/secret/minLength",keyword:"minLength",params:{limit: 32},message:"must NOT have fewer than 32 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/webhook/secret",schemaPath:"#/properties/webhook/properties/secret/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.objects !== undefined){
let data8 = data.objects;
if(Array.isArray(data8)){
if(data8.length > 1000){
const err26 = {instancePath:instancePath+"/objects",schemaPath:"#/properties/objects/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
const len1 = data8.length;
for(let i2=0; i2<len1; i2++){
if(!(validate47(data8[i2], {instancePath:instancePath+"/objects/" + i2,parentData:data8,parentDataProperty:i2,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate47.errors : vErrors.concat(validate47.errors);
errors = vErrors.length;
}
}
}
else {
const err27 = {instancePath:instancePath+"/objects",schemaPath:"#/properties/objects/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.contact !== undefined){
let data10 = data.contact;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.name === undefined){
const err28 = {instancePath:instancePath+"/contact",schemaPath:"#/properties/contact/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data10.changedAt === undefined){
const err29 = {instancePath:instancePath+"/contact",schemaPath:"#/properties/contact/required",keyword:"required",params:{missingProperty: "changedAt"},message:"must have required property '"+"changedAt"+"'"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
for(const key2 in data10){
if(!((((key2 === "name") || (key2 === "phone")) || (key2 === "email")) || (key2 === "changedAt"))){
const err30 = {instancePath:instancePath+"/contact",schemaPath:"#/properties/contact/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data10.name !== undefined){
let data11 = data10.name;
if(typeof data11 === "string"){
if(func2(data11) > 256){
const err31 = {instancePath:instancePath+"/contact/name",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(func2(data11) < 1){
const err32 = {instancePath:instancePath+"/contact/name",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/contact/name",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data10.phone !== undefined){
let data12 = data10.phone;
if(typeof data12 === "string"){
if(func2(data12) > 64){
const err34 = {instancePath:instancePath+"/contact/phone",schemaPath:"#/properties/contact/properties/phone/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(func2(data12) < 3){
const err35 = {instancePath:instancePath+"/contact/phone",schemaPath:"#/properties/contact/properties/phone/minLength",keyword:"minLength",params:{limit: 3},message:"must NOT have fewer than 3 characters"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/contact/phone",schemaPath:"#/properties/contact/properties/phone/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data10.email !== undefined){
let data13 = data10.email;
if(typeof data13 === "string"){
if(func2(data13) > 254){
const err37 = {instancePath:instancePath+"/contact/email",schemaPath:"#/properties/contact/properties/email/maxLength",keyword:"maxLength",params:{limit: 254},message:"must NOT have more than 254 characters"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(func2(data13) < 3){
const err38 = {instancePath:instancePath+"/contact/email",schemaPath:"#/properties/contact/properties/email/minLength",keyword:"minLength",params:{limit: 3},message:"must NOT have fewer than 3 characters"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/contact/email",schemaPath:"#/properties/contact/properties/email/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data10.changedAt !== undefined){
let data14 = data10.changedAt;
if(typeof data14 === "string"){
if(func2(data14) > 40){
const err40 = {instancePath:instancePath+"/contact/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if(!(formats2.validate(data14))){
const err41 = {instancePath:instancePath+"/contact/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/contact/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/contact",schemaPath:"#/properties/contact/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.escalation !== undefined){
let data15 = data.escalation;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key3 in data15){
if(!((key3 === "level2Recipients") || (key3 === "level2AfterHours"))){
const err44 = {instancePath:instancePath+"/escalation",schemaPath:"#/properties/escalation/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data15.level2Recipients !== undefined){
let data16 = data15.level2Recipients;
if(Array.isArray(data16)){
if(data16.length > 20){
const err45 = {instancePath:instancePath+"/escalation/level2Recipients",schemaPath:"#/properties/escalation/properties/level2Recipients/maxItems",keyword:"maxItems",params:{limit: 20},message:"must NOT have more than 20 items"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data16.length < 1){
const err46 = {instancePath:instancePath+"/escalation/level2Recipients",schemaPath:"#/properties/escalation/properties/level2Recipients/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
const len2 = data16.length;
for(let i3=0; i3<len2; i3++){
let data17 = data16[i3];
if(typeof data17 === "string"){
if(func2(data17) > 64){
const err47 = {instancePath:instancePath+"/escalation/level2Recipients/" + i3,schemaPath:"#/properties/escalation/properties/level2Recipients/items/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(func2(data17) < 2){
const err48 = {instancePath:instancePath+"/escalation/level2Recipients/" + i3,schemaPath:"#/properties/escalation/properties/level2Recipients/items/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/escalation/level2Recipients/" + i3,schemaPath:"#/properties/escalation/properties/level2Recipients/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
let i4 = data16.length;
let j1;
if(i4 > 1){
const indices0 = {};
for(;i4--;){
let item0 = data16[i4];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j1 = indices0[item0];
const err50 = {instancePath:instancePath+"/escalation/level2Recipients",schemaPath:"#/properties/escalation/properties/level2Recipients/uniqueItems",keyword:"uniqueItems",params:{i: i4, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i4+" are identical)"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
break;
}
indices0[item0] = i4;
}
}
}
else {
const err51 = {instancePath:instancePath+"/escalation/level2Recipients",schemaPath:"#/properties/escalation/properties/level2Recipients/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data15.level2AfterHours !== undefined){
let data18 = data15.level2AfterHours;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err52 = {instancePath:instancePath+"/escalation/level2AfterHours",schemaPath:"#/properties/escalation/properties/level2AfterHours/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 > 720 || isNaN(data18)){
const err53 = {instancePath:instancePath+"/escalation/level2AfterHours",schemaPath:"#/properties/escalation/properties/level2AfterHours/maximum",keyword:"maximum",params:{comparison: "<=", limit: 720},message:"must be <= 720"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(data18 < 1 || isNaN(data18)){
const err54 = {instancePath:instancePath+"/escalation/level2AfterHours",schemaPath:"#/properties/escalation/properties/level2AfterHours/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
}
else {
const err55 = {instancePath:instancePath+"/escalation",schemaPath:"#/properties/escalation/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data.policy !== undefined){
let data19 = data.policy;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key4 in data19){
if(!(func1.call(schema99.properties.policy.properties, key4))){
const err56 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data19.allowedKinds !== undefined){
let data20 = data19.allowedKinds;
if(Array.isArray(data20)){
const len3 = data20.length;
for(let i5=0; i5<len3; i5++){
let data21 = data20[i5];
if(typeof data21 !== "string"){
const err57 = {instancePath:instancePath+"/policy/allowedKinds/" + i5,schemaPath:"#/properties/policy/properties/allowedKinds/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(!((((((((data21 === "incident") || (data21 === "card")) || (data21 === "closure")) || (data21 === "notice")) || (data21 === "notice_ack")) || (data21 === "notice_response")) || (data21 === "delivery_ack")) || (data21 === "vulnerability"))){
const err58 = {instancePath:instancePath+"/policy/allowedKinds/" + i5,schemaPath:"#/properties/policy/properties/allowedKinds/items/enum",keyword:"enum",params:{allowedValues: schema99.properties.policy.properties.allowedKinds.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
let i6 = data20.length;
let j2;
if(i6 > 1){
const indices1 = {};
for(;i6--;){
let item1 = data20[i6];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j2 = indices1[item1];
const err59 = {instancePath:instancePath+"/policy/allowedKinds",schemaPath:"#/properties/policy/properties/allowedKinds/uniqueItems",keyword:"uniqueItems",params:{i: i6, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i6+" are identical)"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
break;
}
indices1[item1] = i6;
}
}
}
else {
const err60 = {instancePath:instancePath+"/policy/allowedKinds",schemaPath:"#/properties/policy/properties/allowedKinds/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data19.ratePerMinute !== undefined){
let data22 = data19.ratePerMinute;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err61 = {instancePath:instancePath+"/policy/ratePerMinute",schemaPath:"#/properties/policy/properties/ratePerMinute/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 100000 || isNaN(data22)){
const err62 = {instancePath:instancePath+"/policy/ratePerMinute",schemaPath:"#/properties/policy/properties/ratePerMinute/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err63 = {instancePath:instancePath+"/policy/ratePerMinute",schemaPath:"#/properties/policy/properties/ratePerMinute/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
if(data19.authFailureLimit !== undefined){
let data23 = data19.authFailureLimit;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err64 = {instancePath:instancePath+"/policy/authFailureLimit",schemaPath:"#/properties/policy/properties/authFailureLimit/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 > 1000 || isNaN(data23)){
const err65 = {instancePath:instancePath+"/policy/authFailureLimit",schemaPath:"#/properties/policy/properties/authFailureLimit/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(data23 < 1 || isNaN(data23)){
const err66 = {instancePath:instancePath+"/policy/authFailureLimit",schemaPath:"#/properties/policy/properties/authFailureLimit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
}
if(data19.inactivityDays !== undefined){
let data24 = data19.inactivityDays;
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err67 = {instancePath:instancePath+"/policy/inactivityDays",schemaPath:"#/properties/policy/properties/inactivityDays/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 3650 || isNaN(data24)){
const err68 = {instancePath:instancePath+"/policy/inactivityDays",schemaPath:"#/properties/policy/properties/inactivityDays/maximum",keyword:"maximum",params:{comparison: "<=", limit: 3650},message:"must be <= 3650"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data24 < 1 || isNaN(data24)){
const err69 = {instancePath:instancePath+"/policy/inactivityDays",schemaPath:"#/properties/policy/properties/inactivityDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
if(data19.noticeAckMinutes !== undefined){
let data25 = data19.noticeAckMinutes;
if(!(((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25))) && (isFinite(data25)))){
const err70 = {instancePath:instancePath+"/policy/noticeAckMinutes",schemaPath:"#/properties/policy/properties/noticeAckMinutes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if((typeof data25 == "number") && (isFinite(data25))){
if(data25 > 1440 || isNaN(data25)){
const err71 = {instancePath:instancePath+"/policy/noticeAckMinutes",schemaPath:"#/properties/policy/properties/noticeAckMinutes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1440},message:"must be <= 1440"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
if(data25 < 1 || isNaN(data25)){
const err72 = {instancePath:instancePath+"/policy/noticeAckMinutes",schemaPath:"#/properties/policy/properties/noticeAckMinutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
if(data19.reminderAt !== undefined){
let data26 = data19.reminderAt;
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 >= 1 || isNaN(data26)){
const err73 = {instancePath:instancePath+"/policy/reminderAt",schemaPath:"#/properties/policy/properties/reminderAt/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data26 <= 0 || isNaN(data26)){
const err74 = {instancePath:instancePath+"/policy/reminderAt",schemaPath:"#/properties/policy/properties/reminderAt/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/policy/reminderAt",schemaPath:"#/properties/policy/properties/reminderAt/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data19.connectionPoints !== undefined){
let data27 = data19.connectionPoints;
if(Array.isArray(data27)){
if(data27.length > 50){
const err76 = {instancePath:instancePath+"/policy/connectionPoints",schemaPath:"#/properties/policy/properties/connectionPoints/maxItems",keyword:"maxItems",params:{limit: 50},message:"must NOT have more than 50 items"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
const len4 = data27.length;
for(let i7=0; i7<len4; i7++){
let data28 = data27[i7];
if(typeof data28 === "string"){
if(func2(data28) > 49){
const err77 = {instancePath:instancePath+"/policy/connectionPoints/" + i7,schemaPath:"#/properties/policy/properties/connectionPoints/items/maxLength",keyword:"maxLength",params:{limit: 49},message:"must NOT have more than 49 characters"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(func2(data28) < 2){
const err78 = {instancePath:instancePath+"/policy/connectionPoints/" + i7,schemaPath:"#/properties/policy/properties/connectionPoints/items/minLength",keyword:"minLength",params:{limit: 2},message:"must NOT have fewer than 2 characters"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/policy/connectionPoints/" + i7,schemaPath:"#/properties/policy/properties/connectionPoints/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
let i8 = data27.length;
let j3;
if(i8 > 1){
const indices2 = {};
for(;i8--;){
let item2 = data27[i8];
if(typeof item2 !== "string"){
continue;
}
if(typeof indices2[item2] == "number"){
j3 = indices2[item2];
const err80 = {instancePath:instancePath+"/policy/connectionPoints",schemaPath:"#/properties/policy/properties/connectionPoints/uniqueItems",keyword:"uniqueItems",params:{i: i8, j: j3},message:"must NOT have duplicate items (items ## "+j3+" and "+i8+" are identical)"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
break;
}
indices2[item2] = i8;
}
}
}
else {
const err81 = {instancePath:instancePath+"/policy/connectionPoints",schemaPath:"#/properties/policy/properties/connectionPoints/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data19.rateBreachLimit !== undefined){
let data29 = data19.rateBreachLimit;
if(!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29)))){
const err82 = {instancePath:instancePath+"/policy/rateBreachLimit",schemaPath:"#/properties/policy/properties/rateBreachLimit/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 > 1000 || isNaN(data29)){
const err83 = {instancePath:instancePath+"/policy/rateBreachLimit",schemaPath:"#/properties/policy/properties/rateBreachLimit/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if(data29 < 1 || isNaN(data29)){
const err84 = {instancePath:instancePath+"/policy/rateBreachLimit",schemaPath:"#/properties/policy/properties/rateBreachLimit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
if(data19.hostileInputLimit !== undefined){
let data30 = data19.hostileInputLimit;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err85 = {instancePath:instancePath+"/policy/hostileInputLimit",schemaPath:"#/properties/policy/properties/hostileInputLimit/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 > 1000 || isNaN(data30)){
const err86 = {instancePath:instancePath+"/policy/hostileInputLimit",schemaPath:"#/properties/policy/properties/hostileInputLimit/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if(data30 < 1 || isNaN(data30)){
const err87 = {instancePath:instancePath+"/policy/hostileInputLimit",schemaPath:"#/properties/policy/properties/hostileInputLimit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
if(data19.strikeWindowMinutes !== undefined){
let data31 = data19.strikeWindowMinutes;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err88 = {instancePath:instancePath+"/policy/strikeWindowMinutes",schemaPath:"#/properties/policy/properties/strikeWindowMinutes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 > 10080 || isNaN(data31)){
const err89 = {instancePath:instancePath+"/policy/strikeWindowMinutes",schemaPath:"#/properties/policy/properties/strikeWindowMinutes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10080},message:"must be <= 10080"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
if(data31 < 1 || isNaN(data31)){
const err90 = {instancePath:instancePath+"/policy/strikeWindowMinutes",schemaPath:"#/properties/policy/properties/strikeWindowMinutes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
}
if(data19.readLimitPerHour !== undefined){
let data32 = data19.readLimitPerHour;
if(!(((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32))) && (isFinite(data32)))){
const err91 = {instancePath:instancePath+"/policy/readLimitPerHour",schemaPath:"#/properties/policy/properties/readLimitPerHour/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 > 10000000 || isNaN(data32)){
const err92 = {instancePath:instancePath+"/policy/readLimitPerHour",schemaPath:"#/properties/policy/properties/readLimitPerHour/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000000},message:"must be <= 10000000"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if(data32 < 1 || isNaN(data32)){
const err93 = {instancePath:instancePath+"/policy/readLimitPerHour",schemaPath:"#/properties/policy/properties/readLimitPerHour/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
if(data19.credentialMaxAgeDays !== undefined){
let data33 = data19.credentialMaxAgeDays;
if(!(((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33))) && (isFinite(data33)))){
const err94 = {instancePath:instancePath+"/policy/credentialMaxAgeDays",schemaPath:"#/properties/policy/properties/credentialMaxAgeDays/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 > 3650 || isNaN(data33)){
const err95 = {instancePath:instancePath+"/policy/credentialMaxAgeDays",schemaPath:"#/properties/policy/properties/credentialMaxAgeDays/maximum",keyword:"maximum",params:{comparison: "<=", limit: 3650},message:"must be <= 3650"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
if(data33 < 1 || isNaN(data33)){
const err96 = {instancePath:instancePath+"/policy/credentialMaxAgeDays",schemaPath:"#/properties/policy/properties/credentialMaxAgeDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
}
}
else {
const err97 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
}
else {
const err98 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
validate46.errors = vErrors;
return errors === 0;
}
validate46.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const contactChange = validate49;
const schema111 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/contact-change.schema.json","title":"ContactChange","description":"001 п.16: a party reports the current contact details of the person responsible for the information security of its objects (PUT /v1/parties/{id}/contact, the caller's own party). For an owner, a changedAt other than the registered one is a change, and its 48-hour contact_change clock is settled when the gateway receives it. XML root element: contactChange.","type":"object","additionalProperties":false,"required":["name","changedAt"],"properties":{"name":{"$ref":"common.schema.json#/$defs/name"},"phone":{"type":"string","minLength":3,"maxLength":64},"email":{"type":"string","minLength":3,"maxLength":254},"changedAt":{"description":"The moment the details changed: the 48 hours run from here.","$ref":"common.schema.json#/$defs/timestamp"}}};

function validate49(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/contact-change.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate49.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.changedAt === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "changedAt"},message:"must have required property '"+"changedAt"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "phone")) || (key0 === "email")) || (key0 === "changedAt"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(func2(data0) > 256){
const err3 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(func2(data0) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/name",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.phone !== undefined){
let data1 = data.phone;
if(typeof data1 === "string"){
if(func2(data1) > 64){
const err6 = {instancePath:instancePath+"/phone",schemaPath:"#/properties/phone/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data1) < 3){
const err7 = {instancePath:instancePath+"/phone",schemaPath:"#/properties/phone/minLength",keyword:"minLength",params:{limit: 3},message:"must NOT have fewer than 3 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/phone",schemaPath:"#/properties/phone/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.email !== undefined){
let data2 = data.email;
if(typeof data2 === "string"){
if(func2(data2) > 254){
const err9 = {instancePath:instancePath+"/email",schemaPath:"#/properties/email/maxLength",keyword:"maxLength",params:{limit: 254},message:"must NOT have more than 254 characters"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(func2(data2) < 3){
const err10 = {instancePath:instancePath+"/email",schemaPath:"#/properties/email/minLength",keyword:"minLength",params:{limit: 3},message:"must NOT have fewer than 3 characters"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/email",schemaPath:"#/properties/email/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.changedAt !== undefined){
let data3 = data.changedAt;
if(typeof data3 === "string"){
if(func2(data3) > 40){
const err12 = {instancePath:instancePath+"/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!(formats2.validate(data3))){
const err13 = {instancePath:instancePath+"/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/changedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
validate49.errors = vErrors;
return errors === 0;
}
validate49.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const receipt = validate50;
const schema114 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/receipt.schema.json","title":"Receipt","description":"What the gateway answers for every accepted message. XML root element: receipt.","type":"object","additionalProperties":false,"required":["id","receivedAt","version","sha256","warnings","obligations"],"properties":{"id":{"description":"Gateway id of the incident, notice or response.","type":"string"},"receivedAt":{"$ref":"common.schema.json#/$defs/timestamp"},"version":{"description":"Card version (1 for the first message).","type":"integer","minimum":1},"sha256":{"description":"SHA-256 of the raw body as received, lowercase hex.","type":"string","pattern":"^[0-9a-f]{64}$"},"warnings":{"type":"array","items":{"$ref":"#/$defs/warning"}},"obligations":{"type":"array","items":{"$ref":"#/$defs/obligationStatus"}}},"$defs":{"warning":{"type":"object","additionalProperties":false,"required":["code","message"],"properties":{"pointer":{"type":"string"},"code":{"type":"string"},"message":{"type":"string"}}},"obligationStatus":{"type":"object","additionalProperties":false,"required":["kind","state","dueAt"],"properties":{"kind":{"$ref":"common.schema.json#/$defs/obligationKind"},"state":{"$ref":"common.schema.json#/$defs/obligationState"},"dueAt":{"$ref":"common.schema.json#/$defs/timestamp"},"dueAtNational":{"description":"The due instant as people in Kazakhstan read it: Asia/Almaty, +05:00.","$ref":"common.schema.json#/$defs/timestamp"},"lateBySeconds":{"type":"integer","minimum":1},"lateBy":{"description":"lateBySeconds as an ISO 8601 duration (PT5M, PT26H); present only on satisfied_late.","type":"string","pattern":"^PT(\\d+H)?(\\d+M)?(\\d+S)?$"}}}}};
const schema116 = {"type":"object","additionalProperties":false,"required":["code","message"],"properties":{"pointer":{"type":"string"},"code":{"type":"string"},"message":{"type":"string"}}};
const pattern13 = new RegExp("^[0-9a-f]{64}$", "u");
const schema117 = {"type":"object","additionalProperties":false,"required":["kind","state","dueAt"],"properties":{"kind":{"$ref":"common.schema.json#/$defs/obligationKind"},"state":{"$ref":"common.schema.json#/$defs/obligationState"},"dueAt":{"$ref":"common.schema.json#/$defs/timestamp"},"dueAtNational":{"description":"The due instant as people in Kazakhstan read it: Asia/Almaty, +05:00.","$ref":"common.schema.json#/$defs/timestamp"},"lateBySeconds":{"type":"integer","minimum":1},"lateBy":{"description":"lateBySeconds as an ISO 8601 duration (PT5M, PT26H); present only on satisfied_late.","type":"string","pattern":"^PT(\\d+H)?(\\d+M)?(\\d+S)?$"}}};
const schema118 = {"type":"string","enum":["notify_ncc","notify_owner","card","severity_review","notice_ack","notice_response","elimination","notify_responsible","contact_change","vulnerability_report","vulnerability_measures","vulnerability_elimination","vulnerability_correction"]};
const schema119 = {"type":"string","enum":["open","satisfied","satisfied_late","missed","waived"]};
const pattern14 = new RegExp("^PT(\\d+H)?(\\d+M)?(\\d+S)?$", "u");

function validate51(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate51.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.state === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "state"},message:"must have required property '"+"state"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.dueAt === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "dueAt"},message:"must have required property '"+"dueAt"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "kind") || (key0 === "state")) || (key0 === "dueAt")) || (key0 === "dueAtNational")) || (key0 === "lateBySeconds")) || (key0 === "lateBy"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.kind !== undefined){
let data0 = data.kind;
if(typeof data0 !== "string"){
const err4 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/obligationKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!(((((((((((((data0 === "notify_ncc") || (data0 === "notify_owner")) || (data0 === "card")) || (data0 === "severity_review")) || (data0 === "notice_ack")) || (data0 === "notice_response")) || (data0 === "elimination")) || (data0 === "notify_responsible")) || (data0 === "contact_change")) || (data0 === "vulnerability_report")) || (data0 === "vulnerability_measures")) || (data0 === "vulnerability_elimination")) || (data0 === "vulnerability_correction"))){
const err5 = {instancePath:instancePath+"/kind",schemaPath:"common.schema.json#/$defs/obligationKind/enum",keyword:"enum",params:{allowedValues: schema118.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.state !== undefined){
let data1 = data.state;
if(typeof data1 !== "string"){
const err6 = {instancePath:instancePath+"/state",schemaPath:"common.schema.json#/$defs/obligationState/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!(((((data1 === "open") || (data1 === "satisfied")) || (data1 === "satisfied_late")) || (data1 === "missed")) || (data1 === "waived"))){
const err7 = {instancePath:instancePath+"/state",schemaPath:"common.schema.json#/$defs/obligationState/enum",keyword:"enum",params:{allowedValues: schema119.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.dueAt !== undefined){
let data2 = data.dueAt;
if(typeof data2 === "string"){
if(func2(data2) > 40){
const err8 = {instancePath:instancePath+"/dueAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!(formats2.validate(data2))){
const err9 = {instancePath:instancePath+"/dueAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/dueAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.dueAtNational !== undefined){
let data3 = data.dueAtNational;
if(typeof data3 === "string"){
if(func2(data3) > 40){
const err11 = {instancePath:instancePath+"/dueAtNational",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(formats2.validate(data3))){
const err12 = {instancePath:instancePath+"/dueAtNational",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/dueAtNational",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.lateBySeconds !== undefined){
let data4 = data.lateBySeconds;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err14 = {instancePath:instancePath+"/lateBySeconds",schemaPath:"#/properties/lateBySeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 < 1 || isNaN(data4)){
const err15 = {instancePath:instancePath+"/lateBySeconds",schemaPath:"#/properties/lateBySeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
if(data.lateBy !== undefined){
let data5 = data.lateBy;
if(typeof data5 === "string"){
if(!pattern14.test(data5)){
const err16 = {instancePath:instancePath+"/lateBy",schemaPath:"#/properties/lateBy/pattern",keyword:"pattern",params:{pattern: "^PT(\\d+H)?(\\d+M)?(\\d+S)?$"},message:"must match pattern \""+"^PT(\\d+H)?(\\d+M)?(\\d+S)?$"+"\""};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/lateBy",schemaPath:"#/properties/lateBy/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate51.errors = vErrors;
return errors === 0;
}
validate51.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate50(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/receipt.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate50.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.receivedAt === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "receivedAt"},message:"must have required property '"+"receivedAt"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.version === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.sha256 === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sha256"},message:"must have required property '"+"sha256"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.warnings === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "warnings"},message:"must have required property '"+"warnings"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.obligations === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "obligations"},message:"must have required property '"+"obligations"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "id") || (key0 === "receivedAt")) || (key0 === "version")) || (key0 === "sha256")) || (key0 === "warnings")) || (key0 === "obligations"))){
const err6 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.receivedAt !== undefined){
let data1 = data.receivedAt;
if(typeof data1 === "string"){
if(func2(data1) > 40){
const err8 = {instancePath:instancePath+"/receivedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!(formats2.validate(data1))){
const err9 = {instancePath:instancePath+"/receivedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/receivedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.version !== undefined){
let data2 = data.version;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err11 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 < 1 || isNaN(data2)){
const err12 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
if(data.sha256 !== undefined){
let data3 = data.sha256;
if(typeof data3 === "string"){
if(!pattern13.test(data3)){
const err13 = {instancePath:instancePath+"/sha256",schemaPath:"#/properties/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/sha256",schemaPath:"#/properties/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.warnings !== undefined){
let data4 = data.warnings;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.code === undefined){
const err15 = {instancePath:instancePath+"/warnings/" + i0,schemaPath:"#/$defs/warning/required",keyword:"required",params:{missingProperty: "code"},message:"must have required property '"+"code"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data5.message === undefined){
const err16 = {instancePath:instancePath+"/warnings/" + i0,schemaPath:"#/$defs/warning/required",keyword:"required",params:{missingProperty: "message"},message:"must have required property '"+"message"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
for(const key1 in data5){
if(!(((key1 === "pointer") || (key1 === "code")) || (key1 === "message"))){
const err17 = {instancePath:instancePath+"/warnings/" + i0,schemaPath:"#/$defs/warning/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data5.pointer !== undefined){
if(typeof data5.pointer !== "string"){
const err18 = {instancePath:instancePath+"/warnings/" + i0+"/pointer",schemaPath:"#/$defs/warning/properties/pointer/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.code !== undefined){
if(typeof data5.code !== "string"){
const err19 = {instancePath:instancePath+"/warnings/" + i0+"/code",schemaPath:"#/$defs/warning/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.message !== undefined){
if(typeof data5.message !== "string"){
const err20 = {instancePath:instancePath+"/warnings/" + i0+"/message",schemaPath:"#/$defs/warning/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/warnings/" + i0,schemaPath:"#/$defs/warning/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/warnings",schemaPath:"#/properties/warnings/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.obligations !== undefined){
let data9 = data.obligations;
if(Array.isArray(data9)){
const len1 = data9.length;
for(let i1=0; i1<len1; i1++){
if(!(validate51(data9[i1], {instancePath:instancePath+"/obligations/" + i1,parentData:data9,parentDataProperty:i1,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate51.errors : vErrors.concat(validate51.errors);
errors = vErrors.length;
}
}
}
else {
const err23 = {instancePath:instancePath+"/obligations",schemaPath:"#/properties/obligations/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
validate50.errors = vErrors;
return errors === 0;
}
validate50.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const vulnerability = validate53;
const schema122 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.ncc-gateway.kz/v1/vulnerability.schema.json","title":"Vulnerability","description":"001 п.13, Annex 5: the list of data on a vulnerability of an object, sent by its owner (or the owner's SOC) within 24 hours of detecting it; when it is not eliminated, the Annex 6 reason category and its justification. XML root element: vulnerability.","type":"object","additionalProperties":false,"required":["reference","detectedAt","contour","objectName","component","description"],"properties":{"reference":{"description":"The sender's own reference for this vulnerability (unique per sender).","$ref":"common.schema.json#/$defs/reference"},"detectedAt":{"description":"Annex 5 column 1: date and time of detection (Осалдығын анықтау күні мен уақыты).","$ref":"common.schema.json#/$defs/timestamp"},"contour":{"description":"Annex 5 column 2: external or internal contour (Сыртқы/Ішкі контур).","$ref":"common.schema.json#/$defs/perimeter"},"objectName":{"description":"Annex 5 column 3: the name of the object.","$ref":"common.schema.json#/$defs/name"},"object":{"$ref":"common.schema.json#/$defs/affectedObject"},"component":{"description":"Annex 5 column 4: the component of the object (name, IP, hostname, …).","$ref":"common.schema.json#/$defs/requiredText"},"port":{"description":"Annex 5 column 5: the port.","type":"integer","minimum":0,"maximum":65535},"description":{"description":"Annex 5 column 6: the description of the vulnerability.","$ref":"common.schema.json#/$defs/requiredText"},"additionalInfo":{"description":"Annex 5 column 7: additional information.","$ref":"common.schema.json#/$defs/text"},"scanResultsAt":{"description":"001 п.13: when the owner received the scan results that found it; the 20 calendar days to report the measures taken run from here.","$ref":"common.schema.json#/$defs/timestamp"},"measuresTaken":{"description":"001 п.13: the measures taken to eliminate the vulnerability (\"осалдықтарды жою үшін қабылданған шаралар\"), owed within 20 calendar days of the scan results; sent in the first report or in a revision (PUT /v1/vulnerabilities/{id}).","$ref":"common.schema.json#/$defs/text"},"eliminatedAt":{"description":"When the vulnerability was eliminated; settles the Annex 6 elimination date of a production need.","$ref":"common.schema.json#/$defs/timestamp"},"notEliminated":{"description":"001 п.13, Annex 6: the vulnerability is not eliminated; the category, its justification, and for production_need the elimination date (no later than 6 months from first detection).","type":"object","additionalProperties":false,"required":["reason","justification"],"properties":{"reason":{"$ref":"common.schema.json#/$defs/nonEliminationReason"},"justification":{"$ref":"common.schema.json#/$defs/requiredText"},"eliminateBy":{"$ref":"common.schema.json#/$defs/date"}}}}};
const schema139 = {"description":"001 Annex 6: why a vulnerability is not eliminated (Өндірістік қажеттілік, Нөлдік күн осалдығы, Жалған іске қосылу).","type":"string","enum":["production_need","zero_day","false_positive"]};

function validate54(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate54.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.kind === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "id") || (key0 === "name")) || (key0 === "kind")) || (key0 === "owner")) || (key0 === "ownerName"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func2(data1) > 256){
const err6 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data1) < 1){
const err7 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.kind !== undefined){
let data2 = data.kind;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "egov_object") || (data2 === "critical_ict_object")) || (data2 === "other"))){
const err10 = {instancePath:instancePath+"/kind",schemaPath:"#/$defs/objectKind/enum",keyword:"enum",params:{allowedValues: schema53.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.owner !== undefined){
let data3 = data.owner;
if(typeof data3 === "string"){
if(!pattern6.test(data3)){
const err11 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9_-]{1,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9_-]{1,63}$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/owner",schemaPath:"#/$defs/partyId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.ownerName !== undefined){
let data4 = data.ownerName;
if(typeof data4 === "string"){
if(func2(data4) > 256){
const err13 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(func2(data4) < 1){
const err14 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/ownerName",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate54.errors = vErrors;
return errors === 0;
}
validate54.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate53(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.ncc-gateway.kz/v1/vulnerability.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate53.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.reference === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "reference"},message:"must have required property '"+"reference"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.detectedAt === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "detectedAt"},message:"must have required property '"+"detectedAt"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.contour === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "contour"},message:"must have required property '"+"contour"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.objectName === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "objectName"},message:"must have required property '"+"objectName"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.component === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "component"},message:"must have required property '"+"component"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.description === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema122.properties, key0))){
const err6 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.reference !== undefined){
let data0 = data.reference;
if(typeof data0 === "string"){
if(func2(data0) > 128){
const err7 = {instancePath:instancePath+"/reference",schemaPath:"common.schema.json#/$defs/reference/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(func2(data0) < 1){
const err8 = {instancePath:instancePath+"/reference",schemaPath:"common.schema.json#/$defs/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!pattern4.test(data0)){
const err9 = {instancePath:instancePath+"/reference",schemaPath:"common.schema.json#/$defs/reference/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$"+"\""};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/reference",schemaPath:"common.schema.json#/$defs/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.detectedAt !== undefined){
let data1 = data.detectedAt;
if(typeof data1 === "string"){
if(func2(data1) > 40){
const err11 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(formats2.validate(data1))){
const err12 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/detectedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.contour !== undefined){
let data2 = data.contour;
if(typeof data2 !== "string"){
const err14 = {instancePath:instancePath+"/contour",schemaPath:"common.schema.json#/$defs/perimeter/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(!((data2 === "internal") || (data2 === "external"))){
const err15 = {instancePath:instancePath+"/contour",schemaPath:"common.schema.json#/$defs/perimeter/enum",keyword:"enum",params:{allowedValues: schema47.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.objectName !== undefined){
let data3 = data.objectName;
if(typeof data3 === "string"){
if(func2(data3) > 256){
const err16 = {instancePath:instancePath+"/objectName",schemaPath:"common.schema.json#/$defs/name/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(func2(data3) < 1){
const err17 = {instancePath:instancePath+"/objectName",schemaPath:"common.schema.json#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/objectName",schemaPath:"common.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.object !== undefined){
if(!(validate54(data.object, {instancePath:instancePath+"/object",parentData:data,parentDataProperty:"object",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate54.errors : vErrors.concat(validate54.errors);
errors = vErrors.length;
}
}
if(data.component !== undefined){
let data5 = data.component;
if(typeof data5 === "string"){
if(func2(data5) > 8000){
const err19 = {instancePath:instancePath+"/component",schemaPath:"common.schema.json#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(func2(data5) < 1){
const err20 = {instancePath:instancePath+"/component",schemaPath:"common.schema.json#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/component",schemaPath:"common.schema.json#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.port !== undefined){
let data6 = data.port;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err22 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 65535 || isNaN(data6)){
const err23 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data6 < 0 || isNaN(data6)){
const err24 = {instancePath:instancePath+"/port",schemaPath:"#/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data.description !== undefined){
let data7 = data.description;
if(typeof data7 === "string"){
if(func2(data7) > 8000){
const err25 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(func2(data7) < 1){
const err26 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/description",schemaPath:"common.schema.json#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.additionalInfo !== undefined){
let data8 = data.additionalInfo;
if(typeof data8 === "string"){
if(func2(data8) > 8000){
const err28 = {instancePath:instancePath+"/additionalInfo",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/additionalInfo",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.scanResultsAt !== undefined){
let data9 = data.scanResultsAt;
if(typeof data9 === "string"){
if(func2(data9) > 40){
const err30 = {instancePath:instancePath+"/scanResultsAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(!(formats2.validate(data9))){
const err31 = {instancePath:instancePath+"/scanResultsAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/scanResultsAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.measuresTaken !== undefined){
let data10 = data.measuresTaken;
if(typeof data10 === "string"){
if(func2(data10) > 8000){
const err33 = {instancePath:instancePath+"/measuresTaken",schemaPath:"common.schema.json#/$defs/text/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/measuresTaken",schemaPath:"common.schema.json#/$defs/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.eliminatedAt !== undefined){
let data11 = data.eliminatedAt;
if(typeof data11 === "string"){
if(func2(data11) > 40){
const err35 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/maxLength",keyword:"maxLength",params:{limit: 40},message:"must NOT have more than 40 characters"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(!(formats2.validate(data11))){
const err36 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/format",keyword:"format",params:{format: "date-time-with-offset"},message:"must match format \""+"date-time-with-offset"+"\""};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/eliminatedAt",schemaPath:"common.schema.json#/$defs/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.notEliminated !== undefined){
let data12 = data.notEliminated;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.reason === undefined){
const err38 = {instancePath:instancePath+"/notEliminated",schemaPath:"#/properties/notEliminated/required",keyword:"required",params:{missingProperty: "reason"},message:"must have required property '"+"reason"+"'"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if(data12.justification === undefined){
const err39 = {instancePath:instancePath+"/notEliminated",schemaPath:"#/properties/notEliminated/required",keyword:"required",params:{missingProperty: "justification"},message:"must have required property '"+"justification"+"'"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
for(const key1 in data12){
if(!(((key1 === "reason") || (key1 === "justification")) || (key1 === "eliminateBy"))){
const err40 = {instancePath:instancePath+"/notEliminated",schemaPath:"#/properties/notEliminated/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data12.reason !== undefined){
let data13 = data12.reason;
if(typeof data13 !== "string"){
const err41 = {instancePath:instancePath+"/notEliminated/reason",schemaPath:"common.schema.json#/$defs/nonEliminationReason/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(!(((data13 === "production_need") || (data13 === "zero_day")) || (data13 === "false_positive"))){
const err42 = {instancePath:instancePath+"/notEliminated/reason",schemaPath:"common.schema.json#/$defs/nonEliminationReason/enum",keyword:"enum",params:{allowedValues: schema139.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data12.justification !== undefined){
let data14 = data12.justification;
if(typeof data14 === "string"){
if(func2(data14) > 8000){
const err43 = {instancePath:instancePath+"/notEliminated/justification",schemaPath:"common.schema.json#/$defs/requiredText/maxLength",keyword:"maxLength",params:{limit: 8000},message:"must NOT have more than 8000 characters"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(func2(data14) < 1){
const err44 = {instancePath:instancePath+"/notEliminated/justification",schemaPath:"common.schema.json#/$defs/requiredText/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/notEliminated/justification",schemaPath:"common.schema.json#/$defs/requiredText/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data12.eliminateBy !== undefined){
let data15 = data12.eliminateBy;
if(typeof data15 === "string"){
if(!(formats0.validate(data15))){
const err46 = {instancePath:instancePath+"/notEliminated/eliminateBy",schemaPath:"common.schema.json#/$defs/date/format",keyword:"format",params:{format: "date"},message:"must match format \""+"date"+"\""};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/notEliminated/eliminateBy",schemaPath:"common.schema.json#/$defs/date/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/notEliminated",schemaPath:"#/properties/notEliminated/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
else {
const err49 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
validate53.errors = vErrors;
return errors === 0;
}
validate53.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

